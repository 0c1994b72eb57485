import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { CopyButton } from '../../design/CopyButton';
import { useListQuery, usePagedQuery } from '../../design/CursorPager';
import { actionsColumn, DataTable, FilterSelect, type Column } from '../../design/DataTable';
import { Card } from '../../design/Card';
import { ConfirmDialog, usePendingConfirm } from '../../design/Dialog';
import { ErrorNotice } from '../../design/ErrorNotice';
import { Loading, PageHeader } from '../../design/Feedback';
import type { WebhookDeliveryFieldsFragment as Delivery, WebhookEndpointFieldsFragment as Endpoint } from '../../gql/graphql';
import { useSecretOnce } from '../api-tokens/SecretOnceDialog';
import { CreateEndpointForm } from './CreateEndpointForm';
import {
  DeleteWebhookEndpointMutation,
  RedeliverWebhookMutation,
  RotateWebhookSecretMutation,
  RotateWebhookSigningSecretMutation,
  WebhookDeliveriesQuery,
  WebhookEndpointsQuery,
  WebhookSigningSecretQuery,
} from './operations';
import { deliveryColumns, endpointColumns, eventName } from './webhookColumns';

type PendingAction = { kind: 'rotate' | 'delete'; endpoint: Endpoint };

/** Receivers of signed job events: endpoints with their secrets, the account's secret for per-job URLs, and every delivery. */
export function WebhooksPage() {
  const { rows: endpoints, table } = useListQuery(WebhookEndpointsQuery, (data) => data.webhookEndpoints);
  const secretOnce = useSecretOnce({
    title: ({ rotated }) => (rotated ? 'New endpoint secret' : 'Endpoint added'),
    secretLabel: 'Webhook signing secret',
    testId: 'webhook-secret',
  });
  const [rotate, rotateState] = useMutation(RotateWebhookSecretMutation);
  const [remove, removeState] = useMutation(DeleteWebhookEndpointMutation, {
    update(cache, { data: answer }, { variables }) {
      if (!answer?.deleteWebhookEndpoint || !variables) return;
      cache.evict({ id: cache.identify({ __typename: 'WebhookEndpoint', id: variables.id }) });
      cache.gc();
    },
  });
  const { pending, ask, cancel, confirm } = usePendingConfirm(async ({ kind, endpoint }: PendingAction) => {
    if (kind === 'delete') {
      await remove({ variables: { id: endpoint.id } });
    } else {
      const result = await rotate({ variables: { id: endpoint.id } });
      if (result.data) secretOnce.show(endpoint.url, result.data.rotateWebhookSecret.secret, true);
    }
  });

  const actions = actionsColumn((endpoint: Endpoint) => [
    { label: 'Rotate', onClick: () => ask({ kind: 'rotate', endpoint }), ariaLabel: `Rotate the secret of ${endpoint.url}` },
    { label: 'Delete', onClick: () => ask({ kind: 'delete', endpoint }), ariaLabel: `Delete ${endpoint.url}`, danger: true },
  ]);

  return (
    <>
      <PageHeader title="Webhooks" description="VisionGate posts signed job events (job.started, job.succeeded…) to your endpoints and retries for 24 hours until they answer 2xx." />
      <div className="stack">
        <Card title="Add an endpoint">
          <CreateEndpointForm onCreated={(endpoint, secret) => secretOnce.show(endpoint.url, secret, false)} />
        </Card>
        <Card title="Endpoints">
          <DataTable
            columns={[endpointColumns.url, endpointColumns.events, endpointColumns.secret, endpointColumns.created, actions]}
            {...table}
            empty={{ title: 'No endpoints yet', hint: 'Add one above to receive job events.' }}
            testId="webhook-endpoint-table"
            rowTestId="webhook-endpoint-row"
          />
        </Card>
        <SigningSecretSection />
        <DeliveriesSection endpoints={endpoints ?? []} />
      </div>
      {pending && (
        <ConfirmDialog
          title={pending.kind === 'delete' ? 'Delete this endpoint?' : 'Rotate its signing secret?'}
          confirmLabel={pending.kind === 'delete' ? 'Delete endpoint' : 'Rotate secret'}
          danger={pending.kind === 'delete'}
          busy={rotateState.loading || removeState.loading}
          onConfirm={confirm}
          onCancel={cancel}
        >
          <p>
            <code>{pending.endpoint.url}</code>
          </p>
          <p>
            {pending.kind === 'delete'
              ? 'It receives nothing from now on; its pending deliveries end as failed.'
              : 'A new secret signs every delivery from now on; the current one stops at once.'}
          </p>
          <ErrorNotice error={rotateState.error ?? removeState.error} />
        </ConfirmDialog>
      )}
      {secretOnce.dialog}
    </>
  );
}

/** The account's own secret: it signs deliveries to the webhookUrl given with a job. */
function SigningSecretSection() {
  const { data, loading, error } = useQuery(WebhookSigningSecretQuery);
  const [revealed, setRevealed] = useState(false);
  const [rotate, rotateState] = useMutation(RotateWebhookSigningSecretMutation, {
    update(cache, { data: answer }) {
      if (answer) cache.writeQuery({ query: WebhookSigningSecretQuery, data: { __typename: 'Query', webhookSigningSecret: answer.rotateWebhookSigningSecret } });
    },
  });
  const rotation = usePendingConfirm<true>(async () => {
    await rotate();
    setRevealed(true);
  });
  const secret = data?.webhookSigningSecret;
  return (
    <Card title="Signing secret for job webhook URLs" stack>
      <p className="small muted" style={{ margin: 0 }}>
        A job submitted with its own <code>webhookUrl</code> is signed with this secret (one per account).
      </p>
      {loading && !secret && <Loading />}
      <ErrorNotice error={error} />
      {secret && (
        <div className="secret-box">
          <code data-testid="webhook-signing-secret" aria-label="Account signing secret">
            {revealed ? secret : `${secret.slice(0, 10)}${'•'.repeat(16)}`}
          </code>
          <button type="button" className="button button--secondary button--small" onClick={() => setRevealed((shown) => !shown)} aria-pressed={revealed}>
            {revealed ? 'Hide' : 'Show'}
          </button>
          <CopyButton text={secret} label="Copy signing secret" className="button button--secondary button--small" />
          <button type="button" className="button button--secondary button--small" onClick={() => rotation.ask(true)}>
            Rotate
          </button>
        </div>
      )}
      {rotation.pending && (
        <ConfirmDialog title="Rotate the account signing secret?" confirmLabel="Rotate secret" busy={rotateState.loading} onConfirm={rotation.confirm} onCancel={rotation.cancel}>
          <p>Deliveries to job webhook URLs are signed with a new secret from now on; the current one stops at once.</p>
          <ErrorNotice error={rotateState.error} />
        </ConfirmDialog>
      )}
    </Card>
  );
}

function RedeliverButton({ delivery, onError }: { delivery: Delivery; onError: (error: unknown) => void }) {
  const [redeliver, { loading }] = useMutation(RedeliverWebhookMutation);
  return (
    <button
      type="button"
      className="button button--secondary button--small"
      disabled={loading}
      aria-label={`Redeliver ${eventName(delivery.eventType)} to ${delivery.url}`}
      onClick={() => redeliver({ variables: { deliveryId: delivery.id } }).catch(onError)}
    >
      {loading ? 'Sending…' : 'Redeliver'}
    </button>
  );
}

/** Every delivery with its attempts, newest first; filter by endpoint. */
function DeliveriesSection({ endpoints }: { endpoints: readonly Endpoint[] }) {
  const [endpointId, setEndpointId] = useState('');
  const [redeliverError, setRedeliverError] = useState<unknown>(null);
  const { table, pager } = usePagedQuery(WebhookDeliveriesQuery, { variables: { endpointId: endpointId || null }, pageSize: 20, select: (answer) => answer.webhookDeliveries });
  const actions: Column<Delivery> = { header: 'Actions', hiddenHeader: true, cell: (delivery) => <RedeliverButton delivery={delivery} onError={setRedeliverError} /> };
  return (
    <Card title="Deliveries" stack>
      {endpoints.length > 0 && (
        <FilterSelect label="Endpoint" value={endpointId} options={[['', 'All endpoints'] as const, ...endpoints.map((endpoint) => [endpoint.id, endpoint.url] as const)]} onChange={setEndpointId} pager={pager} />
      )}
      <ErrorNotice error={redeliverError} />
      <DataTable
        {...table}
        columns={[deliveryColumns.event, deliveryColumns.url, deliveryColumns.status, deliveryColumns.created, deliveryColumns.attempts, actions]}
        empty={{ title: 'No deliveries yet', hint: 'They appear here when a job of yours starts or ends.' }}
        testId="webhook-delivery-table"
        rowTestId="webhook-delivery-row"
      />
    </Card>
  );
}
