import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithApollo, viewerMock, type Mock } from '../../test/render';
import { ChangePasswordMutation, MySessionsQuery, UpdateProfileMutation } from './operations';
import { SettingsPage } from './SettingsPage';

const noSessions: Mock = { request: { query: MySessionsQuery }, result: { data: { __typename: 'Query', mySessions: [] } } };

describe('Settings → profile and password forms', () => {
  it('saves the profile (an empty company as null) and says so', async () => {
    const user = userEvent.setup();
    const update: Mock = {
      request: { query: UpdateProfileMutation, variables: { input: { firstName: 'Augusta', lastName: 'Lovelace', company: null } } },
      result: { data: { __typename: 'Mutation', updateProfile: { __typename: 'User', id: 'user-1', firstName: 'Augusta', lastName: 'Lovelace', company: null } } },
    };
    renderWithApollo(<SettingsPage />, { mocks: [viewerMock(), noSessions, update] });
    const firstName = await screen.findByLabelText('First name');
    await user.clear(firstName);
    await user.type(firstName, 'Augusta');
    expect(screen.queryByText('Profile saved.')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText('Profile saved.')).toBeInTheDocument();
  });

  it('refuses two different new passwords without asking the server, then changes the password and empties the form', async () => {
    const user = userEvent.setup();
    const change: Mock = {
      request: { query: ChangePasswordMutation, variables: { input: { currentPassword: 'old-secret-1', newPassword: 'new-secret-22' } } },
      result: { data: { __typename: 'Mutation', changePassword: true } },
    };
    renderWithApollo(<SettingsPage />, { mocks: [viewerMock(), noSessions, change] });
    await user.type(await screen.findByLabelText('Current password'), 'old-secret-1');
    await user.type(screen.getByLabelText('New password'), 'new-secret-22');
    await user.type(screen.getByLabelText('Repeat new password'), 'new-secret-23');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('The two passwords differ.')).toBeInTheDocument();
    expect(screen.queryByText('Password changed. Other sessions were signed out.')).not.toBeInTheDocument();

    await user.clear(screen.getByLabelText('Repeat new password'));
    await user.type(screen.getByLabelText('Repeat new password'), 'new-secret-22');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Password changed. Other sessions were signed out.')).toBeInTheDocument();
    expect(screen.queryByText('The two passwords differ.')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Current password')).toHaveValue('');
    expect(screen.getByLabelText('New password')).toHaveValue('');
  });
});
