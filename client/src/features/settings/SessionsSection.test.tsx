import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithApollo, type Mock } from '../../test/render';
import { MySessionsQuery, RevokeOtherSessionsMutation, RevokeSessionMutation } from './operations';
import { SessionsSection } from './SessionsSection';

const session = (id: string, browser: string, current = false) => ({
  __typename: 'Session' as const,
  id,
  browser,
  ip: '203.0.113.7',
  createdAt: '2026-11-01T10:00:00.000Z',
  lastSeenAt: '2026-11-02T10:00:00.000Z',
  current,
});

const sessionsMock = (): Mock => ({
  request: { query: MySessionsQuery },
  result: { data: { __typename: 'Query', mySessions: [session('s-here', 'Firefox on Linux', true), session('s-phone', 'Safari on iOS'), session('s-work', 'Edge on Windows')] } },
});

const rows = () => screen.getAllByTestId('session-row');

describe('Settings → Devices', () => {
  it('lists the signed-in browsers with this one marked and no sign-out button on it', async () => {
    renderWithApollo(<SessionsSection />, { mocks: [sessionsMock()] });
    await screen.findByText('Safari on iOS');
    expect(rows()).toHaveLength(3);
    const here = rows()[0];
    expect(here).toHaveTextContent('Firefox on Linux');
    expect(within(here).getByText('This device')).toBeInTheDocument();
    expect(within(here).queryByRole('button')).not.toBeInTheDocument();
    expect(rows()[1]).toHaveTextContent('203.0.113.7');
    expect(within(rows()[1]).getByRole('button', { name: 'Sign out Safari on iOS' })).toBeInTheDocument();
  });

  it('signs one browser out and drops it from the list', async () => {
    const user = userEvent.setup();
    const revoke: Mock = { request: { query: RevokeSessionMutation, variables: { id: 's-phone' } }, result: { data: { __typename: 'Mutation', revokeSession: true } } };
    renderWithApollo(<SessionsSection />, { mocks: [sessionsMock(), revoke] });
    await user.click(await screen.findByRole('button', { name: 'Sign out Safari on iOS' }));
    await waitFor(() => expect(screen.queryByText('Safari on iOS')).not.toBeInTheDocument());
    expect(rows()).toHaveLength(2);
  });

  it('signs out everywhere else, keeping this browser', async () => {
    const user = userEvent.setup();
    const revokeOthers: Mock = { request: { query: RevokeOtherSessionsMutation }, result: { data: { __typename: 'Mutation', revokeOtherSessions: 2 } } };
    renderWithApollo(<SessionsSection />, { mocks: [sessionsMock(), revokeOthers] });
    await user.click(await screen.findByRole('button', { name: 'Sign out everywhere else' }));
    await screen.findByText('Every other device was signed out.');
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toHaveTextContent('This device');
    expect(screen.queryByRole('button', { name: 'Sign out everywhere else' })).not.toBeInTheDocument();
  });

  it('shows a failed sign-out as an error', async () => {
    const user = userEvent.setup();
    const failing: Mock = {
      request: { query: RevokeSessionMutation, variables: { id: 's-work' } },
      result: { errors: [{ message: 'Session not found', extensions: { code: 'NOT_FOUND' } }] },
    };
    renderWithApollo(<SessionsSection />, { mocks: [sessionsMock(), failing] });
    await user.click(await screen.findByRole('button', { name: 'Sign out Edge on Windows' }));
    expect(await screen.findByRole('alert')).toHaveAttribute('data-error-code', 'NOT_FOUND');
    expect(rows()).toHaveLength(3);
  });
});
