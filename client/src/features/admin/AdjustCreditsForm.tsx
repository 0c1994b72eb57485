import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ErrorNotice } from '../../design/ErrorNotice';
import { SubmitRow, TextField } from '../../design/Field';
import { Notice } from '../../design/Feedback';
import { describeErrors, fieldError, formLevelErrors } from '../../lib/errors';
import { submitHandler } from '../../lib/submit';
import { formatSignedCredits } from '../../lib/format';
import { writeBalance } from '../auth/viewer';
import { AdjustCreditsMutation } from './operations';

/** Grants (positive) or takes (negative) credits; the server writes the ledger row and refuses a take beyond the balance. */
export function AdjustCreditsForm({ userId: fixedUserId, onDone }: { userId?: string; onDone?: () => void }) {
  const client = useApolloClient();
  const [userId, setUserId] = useState(fixedUserId ?? '');
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [adjust, { loading, error }] = useMutation(AdjustCreditsMutation);
  const errors = describeErrors(error);

  const onSubmit = submitHandler(async () => {
    setResult(null);
    const amount = Number(delta);
    const { data } = await adjust({ variables: { input: { userId: userId.trim(), delta: amount, reason } } });
    if (data) {
      // The answer is a ledger row, not the User: set the user's cached balance (the header too, if it is me).
      writeBalance(client.cache, userId.trim(), data.adjustCredits.balanceAfter);
      setResult(`${formatSignedCredits(data.adjustCredits.delta)} credits applied; new balance ${data.adjustCredits.balanceAfter.toLocaleString()}.`);
      setDelta('');
      setReason('');
      onDone?.();
    }
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Adjust credits">
      {!fixedUserId && <TextField label="User id" value={userId} onChange={(e) => setUserId(e.target.value)} error={fieldError(errors, 'userId')} required />}
      <div className="form-row">
        <TextField label="Credits (+ grant, − take)" type="number" inputMode="numeric" step={1} value={delta} onChange={(e) => setDelta(e.target.value)} error={fieldError(errors, 'delta')} required />
        <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={fieldError(errors, 'reason')} required hint="Written to the user's ledger and the audit log." />
      </div>
      <ErrorNotice error={formLevelErrors(errors, ['userId', 'delta', 'reason'])} />
      {result && <Notice tone="success">{result}</Notice>}
      <SubmitRow loading={loading} disabled={!delta || !reason || !userId} busyLabel="Applying…">
        Apply adjustment
      </SubmitRow>
    </form>
  );
}
