import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ConfirmDialog, Dialog, DialogForm, usePendingConfirm } from '../../design/Dialog';
import { ErrorNotice } from '../../design/ErrorNotice';
import { TextField } from '../../design/Field';
import { actionsColumn, DataTable } from '../../design/DataTable';
import { Card } from '../../design/Card';
import { useListQuery } from '../../design/CursorPager';
import { PageHeader } from '../../design/Feedback';
import type { ApiTokenFieldsFragment } from '../../gql/graphql';
import { CreateTokenForm } from './CreateTokenForm';
import { ApiTokensQuery, RevokeApiTokenMutation, RotateApiTokenMutation, SetApiTokenSpendLimitMutation } from './operations';
import { useSecretOnce } from './SecretOnceDialog';
import { tokenColumns as column } from './tokenColumns';

type Token = ApiTokenFieldsFragment;

function SpendCapDialog({ token, onClose }: { token: Token; onClose: () => void }) {
  const [value, setValue] = useState(token.spendLimit?.toString() ?? '');
  const [setSpendLimit, { loading, error }] = useMutation(SetApiTokenSpendLimitMutation);
  return (
    <Dialog title={`Spend cap of “${token.name}”`} onClose={onClose}>
      <DialogForm
        onSubmit={async () => {
          await setSpendLimit({ variables: { id: token.id, spendLimit: value === '' ? null : Number(value) } });
          onClose();
        }}
        onCancel={onClose}
        submitLabel="Save cap"
        loading={loading}
      >
        <TextField
          label="Credits per calendar month"
          type="number"
          min={1}
          step={1}
          placeholder="No cap"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          hint="Leave empty to remove the cap. Calls beyond it fail with SPEND_LIMIT_REACHED."
        />
        <ErrorNotice error={error} />
      </DialogForm>
    </Dialog>
  );
}

type PendingAction = { kind: 'revoke' | 'rotate' | 'cap'; token: Token };

export function ApiTokensPage() {
  const { rows: tokens, table } = useListQuery(ApiTokensQuery, (data) => data.apiTokens);
  const secretOnce = useSecretOnce();
  const [revoke, revokeState] = useMutation(RevokeApiTokenMutation);
  const [rotate, rotateState] = useMutation(RotateApiTokenMutation);
  const { pending, ask, cancel, confirm } = usePendingConfirm(async ({ kind, token }: PendingAction) => {
    if (kind === 'revoke') {
      await revoke({ variables: { id: token.id } });
    } else if (kind === 'rotate') {
      const result = await rotate({ variables: { id: token.id } });
      if (result.data) secretOnce.show(token.name, result.data.rotateApiToken.secret, true);
    }
  });
  const activeCount = tokens?.filter((token) => token.active).length ?? 0;
  const actions = actionsColumn((token: Token) =>
    token.active
      ? [
          { label: 'Cap', onClick: () => ask({ kind: 'cap', token }) },
          { label: 'Rotate', onClick: () => ask({ kind: 'rotate', token }) },
          { label: 'Revoke', onClick: () => ask({ kind: 'revoke', token }), danger: true },
        ]
      : [],
  );

  return (
    <>
      <PageHeader title="API tokens" description="Tokens let your programs call the API with Authorization: Bearer <secret>. At most 10 active tokens." />
      <div className="stack">
        <Card title="Create a token">
          <CreateTokenForm onCreated={(token, secret) => secretOnce.show(token.name, secret, false)} />
        </Card>
        <Card title="Your tokens" aside={tokens ? <span className="small muted">{activeCount} of 10 active</span> : null}>
          <DataTable
            columns={[column.name, column.prefix, column.status, column.created, column.lastUsed, column.expires, column.spent, actions]}
            {...table}
            empty={{ title: 'No tokens yet', hint: 'Create one above to call the API from your code.' }}
            testId="api-token-table"
            rowTestId="api-token-row"
          />
        </Card>
      </div>

      {pending?.kind === 'cap' && <SpendCapDialog token={pending.token} onClose={cancel} />}
      {pending && pending.kind !== 'cap' && (
        <ConfirmDialog
          title={pending.kind === 'revoke' ? `Revoke “${pending.token.name}”?` : `Rotate “${pending.token.name}”?`}
          confirmLabel={pending.kind === 'revoke' ? 'Revoke token' : 'Rotate secret'}
          danger={pending.kind === 'revoke'}
          busy={revokeState.loading || rotateState.loading}
          onConfirm={confirm}
          onCancel={() => {
            revokeState.reset();
            rotateState.reset();
            cancel();
          }}
        >
          <p>{pending.kind === 'revoke' ? 'Programs using this token get UNAUTHENTICATED from now on. This cannot be undone.' : 'A new secret is issued and the current one stops working at once.'}</p>
          <ErrorNotice error={revokeState.error ?? rotateState.error} />
        </ConfirmDialog>
      )}
      {secretOnce.dialog}
    </>
  );
}
