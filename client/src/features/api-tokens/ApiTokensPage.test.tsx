import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApollo, type Mock } from '../../test/render';
import { findRowShowing } from '../../test/rows';
import { acknowledgeSecret } from '../../test/secrets';
import { ApiTokensPage } from './ApiTokensPage';
import { ApiTokensQuery, CreateApiTokenMutation } from './operations';

const SECRET = 'vg_3fT9aQ1xLm2Nq8Rs7Tu6Vw5Xy4Za3Bc2De1Fg0Hi9J';

const token = {
  __typename: 'ApiToken' as const,
  id: 'token-1',
  name: 'CI pipeline',
  prefix: 'vg_3fT9aQ1x',
  createdAt: '2026-11-01T10:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  active: true,
  spendLimit: 200,
  spentThisMonth: 12,
};

const mocks = (): Mock[] => [
  { request: { query: ApiTokensQuery }, result: { data: { __typename: 'Query', apiTokens: [] } }, maxUsageCount: Number.POSITIVE_INFINITY },
  {
    request: { query: CreateApiTokenMutation, variables: (variables: { input: { name: string; spendLimit: number | null } }) => variables.input.name === 'CI pipeline' && variables.input.spendLimit === 200 },
    result: { data: { __typename: 'Mutation', createApiToken: { __typename: 'CreatedApiToken', secret: SECRET, token } } },
  },
];

describe('API tokens page', () => {
  it('shows a new secret once, with a warning and a copy button, and forgets it when closed', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    renderWithApollo(<ApiTokensPage />, { mocks: mocks() });
    await screen.findByText('No tokens yet');

    await user.type(screen.getByLabelText('Name'), 'CI pipeline');
    await user.type(screen.getByLabelText('Monthly spend cap (credits)'), '200');
    await user.click(screen.getByRole('button', { name: 'Create token' }));

    const dialog = await screen.findByRole('dialog', { name: 'Token “CI pipeline” created' });
    expect(within(dialog).getByTestId('api-token-secret')).toHaveTextContent(SECRET);
    expect(within(dialog).getByRole('note')).toHaveTextContent('It is shown only once');

    await user.click(within(dialog).getByRole('button', { name: 'Copy secret' }));
    expect(writeText).toHaveBeenCalledWith(SECRET);

    // Escape does not dismiss it, and Done waits for the acknowledgement.
    await user.keyboard('{Escape}');
    expect(within(dialog).getByRole('button', { name: 'Done' })).toBeDisabled();
    await acknowledgeSecret(user, dialog, SECRET);
    // The list shows the new token by its prefix only (the cache was updated from the answer).
    await findRowShowing('api-token-row', 'CI pipeline', 'vg_3fT9aQ1x…', '12 / 200');
  });

  it('shows LIMIT_EXCEEDED from the server next to the form', async () => {
    const user = userEvent.setup();
    renderWithApollo(<ApiTokensPage />, {
      mocks: [
        mocks()[0],
        {
          request: { query: CreateApiTokenMutation, variables: () => true },
          result: { errors: [{ message: 'At most 10 active tokens; revoke one first', extensions: { code: 'LIMIT_EXCEEDED' } }] },
        },
      ],
    });
    await user.type(await screen.findByLabelText('Name'), 'eleventh');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'LIMIT_EXCEEDED');
    expect(alert).toHaveTextContent('At most 10 active tokens');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});
