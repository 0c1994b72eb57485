import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Dialog, DialogForm } from '../../design/Dialog';
import { ErrorNotice } from '../../design/ErrorNotice';
import { TextField } from '../../design/Field';
import { describeErrors, fieldError } from '../../lib/errors';
import { rememberViewer } from '../auth/viewer';
import { DeleteMyAccountMutation } from './operations';

export function DeleteAccountSection() {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [deleteAccount, { loading, error, reset }] = useMutation(DeleteMyAccountMutation);
  const client = useApolloClient();
  const navigate = useNavigate();
  const errors = describeErrors(error);

  // If it fails, the dialog shows why (a wrong password is BAD_USER_INPUT on `password`).
  async function confirm() {
    await deleteAccount({ variables: { input: { password } } });
    // The server ended the session; forget everything about the account in this tab.
    navigate('/login', { replace: true, state: { message: 'Your account was deleted. We have sent a receipt to your e-mail address.' } });
    rememberViewer(client.cache, null);
    await client.resetStore().catch(() => undefined);
  }

  return (
    <section className="card" aria-labelledby="delete-heading" style={{ borderColor: '#f3b9b9' }}>
      <h2 id="delete-heading">Delete my account</h2>
      <p>
        Your account is erased at once: sessions and API tokens stop, your name, company and password are deleted and your e-mail address is
        replaced. Usage records are kept only without any link to you; payments are kept without personal data for 7 years, as tax law requires.
        Remaining credits are lost.
      </p>
      <button type="button" className="button button--danger" onClick={() => setOpen(true)}>
        Delete my account…
      </button>
      {open && (
        <Dialog
          title="Delete your account?"
          onClose={() => {
            setOpen(false);
            setPassword('');
            reset();
          }}
        >
          <DialogForm
            onSubmit={confirm}
            onCancel={() => setOpen(false)}
            submitLabel="Delete my account permanently"
            busyLabel="Deleting…"
            loading={loading}
            disabled={!password}
            danger
            lockCancel
          >
            <p>This cannot be undone. Enter your password to confirm.</p>
            <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError(errors, 'password')} />
            <ErrorNotice error={errors.filter((item) => item.field !== 'password')} />
          </DialogForm>
        </Dialog>
      )}
    </section>
  );
}
