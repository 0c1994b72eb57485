import type { Column } from '../../design/DataTable';
import { StatusBadge } from '../../design/Feedback';
import type { WebhookDeliveryFieldsFragment as Delivery, WebhookEndpointFieldsFragment as Endpoint, WebhookEventType } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';

export const WEBHOOK_EVENTS: readonly WebhookEventType[] = ['JOB_STARTED', 'JOB_SUCCEEDED', 'JOB_FAILED', 'JOB_CANCELED', 'JOB_EXPIRED'];

/** The `type` of the delivery body: JOB_SUCCEEDED → job.succeeded. */
export const eventName = (event: WebhookEventType) => event.toLowerCase().replace('_', '.');

export const endpointColumns = {
  url: { header: 'URL', cell: (endpoint) => <code className="small">{endpoint.url}</code> },
  events: { header: 'Events', cell: (endpoint) => <span className="small">{endpoint.events.map(eventName).join(', ')}</span> },
  secret: { header: 'Secret', nowrap: true, cell: (endpoint) => <code className="small">{endpoint.secretHint}</code> },
  created: { header: 'Created', nowrap: true, cell: (endpoint) => formatDateTime(endpoint.createdAt) },
} satisfies Record<string, Column<Endpoint>>;

/** Every try of a delivery, oldest first: HTTP status (or why none), duration, time. */
function Attempts({ delivery }: { delivery: Delivery }) {
  if (!delivery.attempts.length) return <span className="muted small">None yet</span>;
  return (
    <ol className="small" style={{ margin: 0, paddingLeft: 18 }} aria-label="Attempts">
      {delivery.attempts.map((attempt) => (
        <li key={attempt.id} data-testid="webhook-attempt">
          <strong className={attempt.statusCode && attempt.statusCode < 300 ? 'positive' : 'negative'}>{attempt.statusCode ?? 'no answer'}</strong> · {attempt.durationMs} ms ·{' '}
          {formatDateTime(attempt.attemptedAt)}
          {attempt.error && <div className="muted">{attempt.error}</div>}
        </li>
      ))}
    </ol>
  );
}

export const deliveryColumns = {
  event: {
    header: 'Event',
    cell: (delivery) => (
      <>
        <code className="small">{eventName(delivery.eventType)}</code>
        {delivery.jobId && <div className="small muted">job {delivery.jobId.slice(0, 8)}</div>}
      </>
    ),
  },
  url: { header: 'URL', cell: (delivery) => <span className="small">{delivery.url}</span> },
  status: {
    header: 'Status',
    cell: (delivery) => (
      <>
        <StatusBadge status={delivery.status} />
        {delivery.nextAttemptAt && <div className="small muted">next try {formatDateTime(delivery.nextAttemptAt)}</div>}
      </>
    ),
  },
  created: { header: 'Created', nowrap: true, cell: (delivery) => formatDateTime(delivery.createdAt) },
  attempts: { header: 'Attempts', cell: (delivery) => <Attempts delivery={delivery} /> },
} satisfies Record<string, Column<Delivery>>;
