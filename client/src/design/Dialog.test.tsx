import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DialogForm } from './Dialog';

describe('DialogForm', () => {
  it('runs its action on submit, stays put when it throws, and ends with Cancel and the submit button', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockRejectedValueOnce(new Error('shown by the caller')).mockResolvedValueOnce(undefined);
    const onCancel = vi.fn();
    render(
      <DialogForm onSubmit={onSubmit} onCancel={onCancel} submitLabel="Refund" loading={false} danger>
        <p>Body</p>
      </DialogForm>,
    );
    const submit = screen.getByRole('button', { name: 'Refund' });
    expect(submit).toHaveAttribute('type', 'submit');
    expect(submit).toHaveClass('button', 'button--danger');
    await user.click(submit);
    await user.click(submit);
    expect(onSubmit).toHaveBeenCalledTimes(2);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('shows the busy label and locks Cancel only when asked while it is sent', () => {
    const props = { onSubmit: vi.fn(), onCancel: vi.fn(), submitLabel: 'Delete', busyLabel: 'Deleting…', loading: true, children: null };
    const { rerender } = render(<DialogForm {...props} />);
    expect(screen.getByRole('button', { name: 'Deleting…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeEnabled();
    rerender(<DialogForm {...props} lockCancel />);
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    rerender(<DialogForm {...props} loading={false} disabled lockCancel />);
    expect(screen.getByRole('button', { name: 'Delete' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  });
});
