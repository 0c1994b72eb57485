import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { graphQLError, renderInLayout, testViewer, viewerMock } from '../../test/render';
import { RegisterMutation } from './operations';
import { SignUpPage } from './SignUpPage';

async function fillForm(user: ReturnType<typeof userEvent.setup>, email = 'ada@example.test') {
  await user.type(await screen.findByLabelText('First name'), 'Ada');
  await user.type(screen.getByLabelText('Last name'), 'Lovelace');
  await user.type(screen.getByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), 'correct horse battery');
}

describe('sign up', () => {
  it('asks for the terms and the 16+ confirmation before sending anything', async () => {
    const user = userEvent.setup();
    // No register mock: a request would fail the test with "no more mocked responses".
    renderInLayout(<SignUpPage />, { mocks: [viewerMock(null)], path: '/signup' });
    await fillForm(user);
    await user.click(screen.getByLabelText(/I accept the Terms of Service/));
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('confirm that you are 16 or older');
  });

  it('shows a field error from BAD_USER_INPUT beside the field', async () => {
    const user = userEvent.setup();
    renderInLayout(<SignUpPage />, {
      path: '/signup',
      mocks: [viewerMock(null), { request: { query: RegisterMutation, variables: () => true }, result: graphQLError('BAD_USER_INPUT', 'This e-mail address is already registered', { field: 'email' }) }],
    });
    await fillForm(user, 'taken@example.test');
    await user.click(screen.getByLabelText(/I accept the Terms of Service/));
    await user.click(screen.getByLabelText(/16 years of age or older/));
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('This e-mail address is already registered')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('This e-mail address is already registered');
  });

  it('signs the new user in: the header shows the 50 credits', async () => {
    const user = userEvent.setup();
    renderInLayout(<SignUpPage />, {
      path: '/signup',
      mocks: [
        viewerMock(null),
        {
          request: { query: RegisterMutation, variables: (variables: { input: { acceptTerms: boolean; confirmAge16: boolean } }) => variables.input.acceptTerms && variables.input.confirmAge16 },
          result: { data: { __typename: 'Mutation', register: testViewer({ credits: 50 }) } },
        },
      ],
    });
    await fillForm(user);
    await user.click(screen.getByLabelText(/I accept the Terms of Service/));
    await user.click(screen.getByLabelText(/16 years of age or older/));
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByTestId('header-balance-value')).toHaveTextContent('50');
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
  });
});
