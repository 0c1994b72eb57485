import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ErrorNotice } from '../../design/ErrorNotice';
import { SelectField, SubmitRow, TextField } from '../../design/Field';
import { describeErrors, fieldError, formLevelErrors } from '../../lib/errors';
import { submitHandler } from '../../lib/submit';
import type { ApiTokenFieldsFragment } from '../../gql/graphql';
import { ApiTokensQuery, CreateApiTokenMutation } from './operations';

const EXPIRY_CHOICES = [
  { value: 'never', label: 'Never' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In 1 year' },
] as const;

function expiryInstant(choice: string, now = new Date()): string | null {
  if (choice === 'never') return null;
  return new Date(now.getTime() + Number(choice) * 24 * 60 * 60 * 1000).toISOString();
}

/** Creates a token and hands its one-time secret to the parent, which shows it once. */
export function CreateTokenForm({ onCreated }: { onCreated: (token: ApiTokenFieldsFragment, secret: string) => void }) {
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('90');
  const [spendLimit, setSpendLimit] = useState('');
  const [createToken, { loading, error }] = useMutation(CreateApiTokenMutation, {
    update(cache, { data }) {
      if (!data) return;
      cache.updateQuery({ query: ApiTokensQuery }, (current) =>
        current ? { ...current, apiTokens: [data.createApiToken.token, ...current.apiTokens.filter((token) => token.id !== data.createApiToken.token.id)] } : current,
      );
    },
  });
  const errors = describeErrors(error);

  // A refusal shows through `error` (e.g. LIMIT_EXCEEDED at 10 active tokens).
  const onSubmit = submitHandler(async () => {
    const { data } = await createToken({
      variables: { input: { name: name.trim(), expiresAt: expiryInstant(expiry), spendLimit: spendLimit === '' ? null : Number(spendLimit) } },
    });
    if (data) {
      onCreated(data.createApiToken.token, data.createApiToken.secret);
      setName('');
      setSpendLimit('');
    }
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Create an API token">
      <div className="form-row">
        <TextField label="Name" placeholder="e.g. CI pipeline" value={name} onChange={(e) => setName(e.target.value)} error={fieldError(errors, 'name')} required />
        <SelectField label="Expires" value={expiry} onChange={(e) => setExpiry(e.target.value)} error={fieldError(errors, 'expiresAt')}>
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Monthly spend cap (credits)"
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          placeholder="No cap"
          value={spendLimit}
          onChange={(e) => setSpendLimit(e.target.value)}
          error={fieldError(errors, 'spendLimit')}
        />
      </div>
      <ErrorNotice error={formLevelErrors(errors, ['name', 'expiresAt', 'spendLimit'])} />
      <SubmitRow loading={loading} disabled={!name.trim()} busyLabel="Creating…">
        Create token
      </SubmitRow>
    </form>
  );
}
