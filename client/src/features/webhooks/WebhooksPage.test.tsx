import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { WebhookDeliveryFieldsFragment } from '../../gql/graphql';
import { renderWithApollo, testPage, type Mock } from '../../test/render';
import { findRowShowing } from '../../test/rows';
import { acknowledgeSecret } from '../../test/secrets';
import * as operations from './operations';
import { WebhooksPage } from './WebhooksPage';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ACCOUNT_SECRET = 'whsec_AccountSecretForJobUrls0123456789';

const endpoint = {
  __typename: 'WebhookEndpoint' as const,
  id: 'endpoint-1',
  url: 'https://hooks.example.com/vg',
  events: ['JOB_SUCCEEDED', 'JOB_FAILED'] as const,
  secretHint: 'whsec_MfKQ…',
  createdAt: '2026-12-01T10:00:00.000Z',
};

const delivery = (overrides: Partial<WebhookDeliveryFieldsFragment> = {}): WebhookDeliveryFieldsFragment => ({
  __typename: 'WebhookDelivery',
  id: 'delivery-1',
  endpointId: 'endpoint-1',
  jobId: 'job-12345678',
  eventType: 'JOB_SUCCEEDED',
  messageId: 'msg_1',
  url: 'https://hooks.example.com/vg',
  status: 'FAILED',
  createdAt: '2026-12-05T08:00:00.000Z',
  nextAttemptAt: null,
  attempts: [
    { __typename: 'WebhookAttempt', id: 'attempt-1', attemptedAt: '2026-12-05T08:00:01.000Z', durationMs: 120, statusCode: 500, error: 'HTTP 500' },
    { __typename: 'WebhookAttempt', id: 'attempt-2', attemptedAt: '2026-12-05T08:05:01.000Z', durationMs: 5000, statusCode: null, error: 'timeout' },
  ],
  ...overrides,
});

const base = (endpoints: unknown[]): Mock[] => [
  { request: { query: operations.WebhookEndpointsQuery }, result: { data: { __typename: 'Query', webhookEndpoints: endpoints } }, maxUsageCount: Number.POSITIVE_INFINITY },
  { request: { query: operations.WebhookSigningSecretQuery }, result: { data: { __typename: 'Query', webhookSigningSecret: ACCOUNT_SECRET } }, maxUsageCount: Number.POSITIVE_INFINITY },
  {
    request: { query: operations.WebhookDeliveriesQuery, variables: { first: 20, after: null, endpointId: null } },
    result: { data: { __typename: 'Query', webhookDeliveries: testPage('WebhookDeliveryPage', [delivery()]) } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  },
];

describe('webhooks page', () => {
  it('creates an endpoint for the chosen events and shows its whsec_ secret once', async () => {
    const user = userEvent.setup();
    const create: Mock = {
      request: {
        query: operations.CreateWebhookEndpointMutation,
        variables: { url: 'https://hooks.example.com/vg', events: ['JOB_SUCCEEDED', 'JOB_FAILED'] },
      },
      result: { data: { __typename: 'Mutation', createWebhookEndpoint: { __typename: 'CreatedWebhookEndpoint', secret: SECRET, endpoint } } },
    };
    renderWithApollo(<WebhooksPage />, { mocks: [...base([]), create] });
    await screen.findByText('No endpoints yet');
    await user.type(screen.getByLabelText('Endpoint URL'), 'https://hooks.example.com/vg');
    for (const event of ['job.started', 'job.canceled', 'job.expired']) await user.click(screen.getByRole('checkbox', { name: event }));
    await user.click(screen.getByRole('button', { name: 'Add endpoint' }));

    const dialog = await screen.findByRole('dialog', { name: 'Endpoint added' });
    expect(within(dialog).getByLabelText('Webhook signing secret')).toHaveTextContent(SECRET);
    await acknowledgeSecret(user, dialog, SECRET);
    await findRowShowing('webhook-endpoint-row', 'https://hooks.example.com/vg', 'job.succeeded, job.failed', 'whsec_MfKQ…');
  });

  it('rotates an endpoint secret (shown once) and deletes an endpoint after confirmation', async () => {
    const user = userEvent.setup();
    const NEW_SECRET = 'whsec_RotatedRotatedRotatedRotated00';
    const rotate: Mock = {
      request: { query: operations.RotateWebhookSecretMutation, variables: { id: 'endpoint-1' } },
      result: { data: { __typename: 'Mutation', rotateWebhookSecret: { __typename: 'CreatedWebhookEndpoint', secret: NEW_SECRET, endpoint: { ...endpoint, secretHint: 'whsec_Rota…' } } } },
    };
    const remove = vi.fn(() => ({ data: { __typename: 'Mutation', deleteWebhookEndpoint: true } }));
    renderWithApollo(<WebhooksPage />, { mocks: [...base([endpoint]), rotate, { request: { query: operations.DeleteWebhookEndpointMutation, variables: { id: 'endpoint-1' } }, result: remove }] });
    const row = await screen.findByTestId('webhook-endpoint-row');

    await user.click(within(row).getByRole('button', { name: 'Rotate the secret of https://hooks.example.com/vg' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Rotate its signing secret?' })).getByRole('button', { name: 'Rotate secret' }));
    const shown = await screen.findByRole('dialog', { name: 'New endpoint secret' });
    expect(within(shown).getByLabelText('Webhook signing secret')).toHaveTextContent(NEW_SECRET);
    expect(within(shown).getByRole('note')).toHaveTextContent('The previous secret has stopped working.');
    await acknowledgeSecret(user, shown, NEW_SECRET);
    expect(await within(row).findByText('whsec_Rota…')).toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: 'Delete https://hooks.example.com/vg' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete this endpoint?' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(remove).not.toHaveBeenCalled();
    await user.click(within(row).getByRole('button', { name: 'Delete https://hooks.example.com/vg' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Delete this endpoint?' })).getByRole('button', { name: 'Delete endpoint' }));
    expect(await screen.findByText('No endpoints yet')).toBeInTheDocument();
    expect(remove).toHaveBeenCalledTimes(1);
  });

  it('shows the account signing secret on request and rotates it', async () => {
    const user = userEvent.setup();
    const ROTATED = 'whsec_NewAccountSecretNewAccountSecret';
    renderWithApollo(<WebhooksPage />, {
      mocks: [...base([]), { request: { query: operations.RotateWebhookSigningSecretMutation }, result: { data: { __typename: 'Mutation', rotateWebhookSigningSecret: ROTATED } } }],
    });
    const secret = await screen.findByLabelText('Account signing secret');
    expect(secret).not.toHaveTextContent(ACCOUNT_SECRET);
    expect(secret).toHaveTextContent('whsec_Acco');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(secret).toHaveTextContent(ACCOUNT_SECRET);
    await user.click(screen.getByRole('button', { name: 'Rotate' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Rotate the account signing secret?' })).getByRole('button', { name: 'Rotate secret' }));
    await waitFor(() => expect(screen.getByLabelText('Account signing secret')).toHaveTextContent(ROTATED));
  });

  it('lists deliveries with each attempt and redelivers one', async () => {
    const user = userEvent.setup();
    const redelivered = delivery({
      status: 'SUCCEEDED',
      attempts: [
        ...delivery().attempts,
        { __typename: 'WebhookAttempt', id: 'attempt-3', attemptedAt: '2026-12-05T09:00:00.000Z', durationMs: 42, statusCode: 204, error: null },
      ],
    });
    renderWithApollo(<WebhooksPage />, {
      mocks: [...base([endpoint]), { request: { query: operations.RedeliverWebhookMutation, variables: { deliveryId: 'delivery-1' } }, result: { data: { __typename: 'Mutation', redeliverWebhook: redelivered } } }],
    });
    const row = await findRowShowing('webhook-delivery-row', 'job.succeeded', 'Failed');
    const attempts = within(row).getAllByTestId('webhook-attempt');
    expect(attempts.map((attempt) => attempt.textContent)).toEqual([expect.stringMatching(/^500 · 120 ms · .*HTTP 500$/), expect.stringMatching(/^no answer · 5000 ms · .*timeout$/)]);

    await user.click(within(row).getByRole('button', { name: 'Redeliver job.succeeded to https://hooks.example.com/vg' }));
    await waitFor(() => expect(within(row).getAllByTestId('webhook-attempt')).toHaveLength(3));
    expect(within(row).getAllByTestId('webhook-attempt')[2]).toHaveTextContent(/^204 · 42 ms/);
    expect(row).toHaveTextContent('Succeeded');
  });
});
