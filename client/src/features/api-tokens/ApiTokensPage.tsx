import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ConfirmDialog, Dialog } from '../../design/Dialog';
import { ErrorNotice } from '../../design/ErrorNotice';
import { TextField } from '../../design/Field';
import { DataTable, type Column } from '../../design/DataTable';
import { PageHeader } from '../../design/Feedback';
import type { ApiTokenFieldsFragment } from '../../gql/graphql';
import { CreateTokenForm } from './CreateTokenForm';
import { ApiTokensQuery, RevokeApiTokenMutation, RotateApiTokenMutation, SetApiTokenSpendLimitMutation } from './operations';
import { SecretOnceDialog } from './SecretOnceDialog';
import { tokenColumns as column } from './tokenColumns';

type Token = ApiTokenFieldsFragment;

function SpendCapDialog({ token, onClose }: { token: Token; onClose: () => void }) {
  const [value, setValue] = useState(token.spendLimit?.toString() ?? '');
  const [setSpendLimit, { loading, error }] = useMutation(SetApiTokenSpendLimitMutation);
  return (
    <Dialog title={`Spend cap of “${token.name}”`} onClose={onClose}>
      <form
        className="form"
        onSubmit={async (event) => {
          event.preventDefault();
          try {
            await setSpendLimit({ variables: { id: token.id, spendLimit: value === '' ? null : Number(value) } });
            onClose();
          } catch {
            // Shown below.
          }
        }}
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
        <div className="row row--end">
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={loading}>
            Save cap
          </button>
        </div>
      </form>
    </Dialog>
  );
}

type PendingAction = { kind: 'revoke' | 'rotate' | 'cap'; token: Token } | null;

export function ApiTokensPage() {
  const { data, loading, error } = useQuery(ApiTokensQuery);
  const [shownSecret, setShownSecret] = useState<{ tokenName: string; secret: string; rotated: boolean } | null>(null);
  const [pending, setPending] = useState<PendingAction>(null);
  const [revoke, revokeState] = useMutation(RevokeApiTokenMutation);
  const [rotate, rotateState] = useMutation(RotateApiTokenMutation);
  const tokens = data?.apiTokens;
  const activeCount = tokens?.filter((token) => token.active).length ?? 0;
  const actionsColumn: Column<Token> = {
    header: 'Actions',
    hiddenHeader: true,
    cell: (token) =>
      token.active && (
        <div className="row" style={{ flexWrap: 'nowrap' }}>
          <button type="button" className="button button--secondary button--small" onClick={() => setPending({ kind: 'cap', token })}>
            Cap
          </button>
          <button type="button" className="button button--secondary button--small" onClick={() => setPending({ kind: 'rotate', token })}>
            Rotate
          </button>
          <button type="button" className="button button--danger button--small" onClick={() => setPending({ kind: 'revoke', token })}>
            Revoke
          </button>
        </div>
      ),
  };

  async function confirmPending() {
    if (!pending) return;
    try {
      if (pending.kind === 'revoke') {
        await revoke({ variables: { id: pending.token.id } });
      } else if (pending.kind === 'rotate') {
        const result = await rotate({ variables: { id: pending.token.id } });
        if (result.data) setShownSecret({ tokenName: pending.token.name, secret: result.data.rotateApiToken.secret, rotated: true });
      }
      setPending(null);
    } catch {
      // Shown in the dialog.
    }
  }

  return (
    <>
      <PageHeader title="API tokens" description="Tokens let your programs call the API with Authorization: Bearer <secret>. At most 10 active tokens." />
      <div className="stack">
        <section className="card" aria-labelledby="create-token-heading">
          <h2 id="create-token-heading">Create a token</h2>
          <CreateTokenForm onCreated={(token, secret) => setShownSecret({ tokenName: token.name, secret, rotated: false })} />
        </section>
        <section className="card" aria-labelledby="tokens-heading">
          <div className="row row--between">
            <h2 id="tokens-heading">Your tokens</h2>
            {tokens && <span className="small muted">{activeCount} of 10 active</span>}
          </div>
          <DataTable
            columns={[column.name, column.prefix, column.status, column.created, column.lastUsed, column.expires, column.spent, actionsColumn]}
            rows={tokens}
            loading={loading}
            error={error}
            empty={{ title: 'No tokens yet', hint: 'Create one above to call the API from your code.' }}
            testId="api-token-table"
            rowTestId="api-token-row"
          />
        </section>
      </div>

      {pending?.kind === 'cap' && <SpendCapDialog token={pending.token} onClose={() => setPending(null)} />}
      {pending && pending.kind !== 'cap' && (
        <ConfirmDialog
          title={pending.kind === 'revoke' ? `Revoke “${pending.token.name}”?` : `Rotate “${pending.token.name}”?`}
          confirmLabel={pending.kind === 'revoke' ? 'Revoke token' : 'Rotate secret'}
          danger={pending.kind === 'revoke'}
          busy={revokeState.loading || rotateState.loading}
          onConfirm={confirmPending}
          onCancel={() => {
            revokeState.reset();
            rotateState.reset();
            setPending(null);
          }}
        >
          <p>{pending.kind === 'revoke' ? 'Programs using this token get UNAUTHENTICATED from now on. This cannot be undone.' : 'A new secret is issued and the current one stops working at once.'}</p>
          <ErrorNotice error={revokeState.error ?? rotateState.error} />
        </ConfirmDialog>
      )}
      {shownSecret && <SecretOnceDialog {...shownSecret} onClose={() => setShownSecret(null)} />}
    </>
  );
}
