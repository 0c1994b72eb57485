import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { describeErrors, fieldError } from '../lib/errors';
import { ErrorNotice } from './ErrorNotice';

const graphQLErrors = (...errors: Array<{ message: string; extensions: Record<string, unknown> }>) => new CombinedGraphQLErrors({ errors });

describe('error rendering by extensions.code', () => {
  it('links INSUFFICIENT_CREDITS to the billing page', () => {
    render(
      <MemoryRouter>
        <ErrorNotice error={graphQLErrors({ message: 'Not enough credits: 2 needed, 1 left', extensions: { code: 'INSUFFICIENT_CREDITS' } })} />
      </MemoryRouter>,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'INSUFFICIENT_CREDITS');
    expect(alert).toHaveTextContent('Not enough credits: 2 needed, 1 left');
    expect(screen.getByRole('link', { name: 'Buy credits' })).toHaveAttribute('href', '/billing');
  });

  it('says when to retry a RATE_LIMITED call and points SPEND_LIMIT_REACHED at the tokens page', () => {
    render(
      <MemoryRouter>
        <ErrorNotice
          error={graphQLErrors(
            { message: 'Too many attempts', extensions: { code: 'RATE_LIMITED', retryAfter: 42 } },
            { message: 'Cap reached', extensions: { code: 'SPEND_LIMIT_REACHED' } },
          )}
        />
      </MemoryRouter>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Try again in 42 seconds.');
    expect(screen.getByRole('link', { name: 'Manage tokens' })).toHaveAttribute('href', '/tokens');
  });

  it('renders nothing without an error', () => {
    const { container } = render(<ErrorNotice error={undefined} />);
    expect(container).toBeEmptyDOMElement();
  });
});

describe('describeErrors', () => {
  it('keeps the code, the field and retryAfter of GraphQL errors', () => {
    const errors = describeErrors(graphQLErrors({ message: 'Invalid email', extensions: { code: 'BAD_USER_INPUT', field: 'email' } }));
    expect(errors).toEqual([{ code: 'BAD_USER_INPUT', message: 'Invalid email', field: 'email', retryAfter: undefined }]);
    expect(fieldError(errors, 'email')).toBe('Invalid email');
    expect(fieldError(errors, 'password')).toBeUndefined();
  });

  it('reads coded errors out of a non-2xx response body', () => {
    const response = new Response('', { status: 413 });
    const body = JSON.stringify({ errors: [{ message: 'Image larger than 10 MB', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    const [error] = describeErrors(new ServerError('Response not successful', { response, bodyText: body }));
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Image larger than 10 MB' });
  });

  it('reports a lost connection as NETWORK_ERROR', () => {
    expect(describeErrors(new TypeError('Failed to fetch'))[0].code).toBe('NETWORK_ERROR');
  });
});
