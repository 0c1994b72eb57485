import { screen, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { expect } from 'vitest';

/** Closes a SecretOnceDialog as a user must (tick the acknowledgement, then Done) and checks the secret left the page with it. */
export async function acknowledgeSecret(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement, secret: string) {
  await user.click(within(dialog).getByLabelText('I have stored the secret somewhere safe.'));
  await user.click(within(dialog).getByRole('button', { name: 'Done' }));
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(document.body.textContent).not.toContain(secret);
}
