import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ConfirmDialog, Dialog } from '../../design/Dialog';
import { ErrorNotice } from '../../design/ErrorNotice';
import { TextField } from '../../design/Field';
import { Badge, EmptyState, Loading, PageHeader } from '../../design/Feedback';
import type { ApiTokenFieldsFragment } from '../../gql/graphql';
import { formatDate, formatDateTime } from '../../lib/format';
import { CreateTokenForm } from './CreateTokenForm';
import { ApiTokensQuery, RevokeApiTokenMutation, RotateApiTokenMutation, SetApiTokenSpendLimitMutation } from './operations';
import { SecretOnceDialog } from './SecretOnceDialog';

type Token = ApiTokenFieldsFragment;

function tokenStatus(token: Token) {
  if (token.revokedAt) return <Badge tone="danger">Revoked</Badge>;
  if (!token.active) return <Badge tone="warning">Expired</Badge>;
  return <Badge tone="success">Active</Badge>;
}

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
        <TextField label="Credits per calendar month" type="number" min={1} step={1} placeholder="No cap" value={value} onChange={(e) => setValue(e.target.value)} hint="Leave empty to remove the cap. Calls beyond it fail with SPEND_LIMIT_REACHED." />
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
          {error && <ErrorNotice error={error} />}
          {loading && !tokens && <Loading />}
          {tokens && tokens.length === 0 && <EmptyState title="No tokens yet">Create one above to call the API from your code.</EmptyState>}
          {tokens && tokens.length > 0 && (
            <div className="table-wrap">
              <table className="table" data-testid="api-token-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Prefix</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Expires</th>
                    <th scope="col" className="num">
                      Spent / cap this month
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.map((token) => (
                    <tr key={token.id} data-testid="api-token-row">
                      <td>{token.name}</td>
                      <td>
                        <code>{token.prefix}…</code>
                      </td>
                      <td>{tokenStatus(token)}</td>
                      <td className="nowrap">{formatDate(token.createdAt)}</td>
                      <td className="nowrap">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</td>
                      <td className="nowrap">{token.expiresAt ? formatDate(token.expiresAt) : 'Never'}</td>
                      <td className="num nowrap">
                        {token.spentThisMonth.toLocaleString()} / {token.spendLimit === null || token.spendLimit === undefined ? 'no cap' : token.spendLimit.toLocaleString()}
                      </td>
                      <td>
                        {token.active && (
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
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
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
          <p>
            {pending.kind === 'revoke'
              ? 'Programs using this token get UNAUTHENTICATED from now on. This cannot be undone.'
              : 'A new secret is issued and the current one stops working at once.'}
          </p>
          <ErrorNotice error={revokeState.error ?? rotateState.error} />
        </ConfirmDialog>
      )}
      {shownSecret && <SecretOnceDialog {...shownSecret} onClose={() => setShownSecret(null)} />}
    </>
  );
}
