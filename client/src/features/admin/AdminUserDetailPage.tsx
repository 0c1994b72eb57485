import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ConfirmDialog } from '../../design/Dialog';
import { ErrorNotice } from '../../design/ErrorNotice';
import { Badge, EmptyState, Loading, PageHeader, StatusBadge } from '../../design/Feedback';
import type { PaymentFieldsFragment } from '../../gql/graphql';
import { featureLabel } from '../../lib/features';
import { formatDate, formatDateTime, formatMoney, formatSignedCredits, humanizeEnum } from '../../lib/format';
import { AdjustCreditsForm } from './AdjustCreditsForm';
import { AdminUserDetailQuery, SetUserDisabledMutation } from './operations';
import { RefundDialog } from './RefundDialog';

export function AdminUserDetailPage() {
  const { userId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(AdminUserDetailQuery, { variables: { id: userId } });
  const [setDisabled, disableState] = useMutation(SetUserDisabledMutation);
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  const [refunding, setRefunding] = useState<PaymentFieldsFragment | null>(null);
  const user = data?.user;

  if (loading && !user) return <Loading />;
  if (error && !user) return <ErrorNotice error={error} />;
  if (!user) return null;

  return (
    <>
      <p className="small">
        <Link to="/admin?tab=users">← All users</Link>
      </p>
      <PageHeader
        title={user.deletedAt ? 'Deleted account' : `${user.firstName} ${user.lastName}`}
        description={user.email}
        actions={
          !user.deletedAt && (
            <button type="button" className={user.disabled ? 'button' : 'button button--danger'} onClick={() => setConfirmingDisable(true)}>
              {user.disabled ? 'Enable account' : 'Disable account'}
            </button>
          )
        }
      />
      <div className="stack">
        <div className="grid grid--2">
          <section className="card" aria-labelledby="account-heading">
            <h2 id="account-heading">Account</h2>
            <dl className="definition-list">
              <dt>User id</dt>
              <dd>
                <code>{user.id}</code>
              </dd>
              <dt>Company</dt>
              <dd>{user.company ?? '—'}</dd>
              <dt>Credits</dt>
              <dd data-testid="admin-user-credits">{user.credits.toLocaleString()}</dd>
              <dt>Plan</dt>
              <dd>{humanizeEnum(user.plan)}</dd>
              <dt>Role</dt>
              <dd>{humanizeEnum(user.role)}</dd>
              <dt>Joined</dt>
              <dd>{formatDate(user.createdAt)}</dd>
              <dt>State</dt>
              <dd>
                {user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>} {user.processingRestricted && <Badge tone="warning">Processing restricted</Badge>}{' '}
                {user.deletedAt && <Badge>Deleted {formatDate(user.deletedAt)}</Badge>}
              </dd>
              <dt>Marketing</dt>
              <dd>{user.notificationPreferences.marketing ? 'Opted in' : 'No'}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="adjust-heading">
            <h2 id="adjust-heading">Adjust credits</h2>
            <AdjustCreditsForm userId={user.id} onDone={() => void refetch()} />
          </section>
        </div>

        <section className="card" aria-labelledby="user-ledger-heading">
          <h2 id="user-ledger-heading">Ledger</h2>
          {user.ledger.length === 0 ? (
            <EmptyState title="No ledger rows" />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Reason</th>
                    <th scope="col" className="num">
                      Change
                    </th>
                    <th scope="col" className="num">
                      Balance
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {user.ledger.map((entry) => (
                    <tr key={entry.id}>
                      <td className="nowrap">{formatDateTime(entry.createdAt)}</td>
                      <td>
                        {humanizeEnum(entry.reason)}
                        {entry.note && <div className="small muted">{entry.note}</div>}
                      </td>
                      <td className={`num ${entry.delta >= 0 ? 'positive' : 'negative'}`}>{formatSignedCredits(entry.delta)}</td>
                      <td className="num">{entry.balanceAfter}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section className="card" aria-labelledby="user-payments-heading">
          <h2 id="user-payments-heading">Payments</h2>
          {user.payments.length === 0 ? (
            <EmptyState title="No payments" />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Pack</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {user.payments.map((payment) => (
                    <tr key={payment.id}>
                      <td className="nowrap">{formatDateTime(payment.createdAt)}</td>
                      <td>{payment.packName}</td>
                      <td className="num nowrap">
                        {formatMoney(payment.amountCents, payment.currency)}
                        {payment.refundedCents > 0 && <div className="small muted">−{formatMoney(payment.refundedCents, payment.currency)}</div>}
                      </td>
                      <td>
                        <StatusBadge status={payment.status} />
                      </td>
                      <td>
                        {(payment.status === 'SUCCEEDED' || payment.status === 'PARTIALLY_REFUNDED') && (
                          <button type="button" className="button button--secondary button--small" onClick={() => setRefunding(payment)}>
                            Refund
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <div className="grid grid--2">
          <section className="card" aria-labelledby="user-calls-heading">
            <h2 id="user-calls-heading">Recent calls</h2>
            {user.consumption.length === 0 ? (
              <EmptyState title="No calls" />
            ) : (
              <ul className="text-list">
                {user.consumption.map((call) => (
                  <li key={call.id} style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
                    <span>
                      {featureLabel(call.feature)} <span className="small muted">{formatDateTime(call.createdAt)}</span>
                    </span>
                    <span className="row">
                      <Badge tone={call.source === 'API' ? 'info' : 'neutral'}>{call.source === 'API' ? 'API' : 'Dashboard'}</Badge>
                      <StatusBadge status={call.status} />−{call.credits}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="user-tokens-heading">
            <h2 id="user-tokens-heading">API tokens</h2>
            {user.apiTokens.length === 0 ? (
              <EmptyState title="No tokens" />
            ) : (
              <ul className="text-list">
                {user.apiTokens.map((token) => (
                  <li key={token.id} style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
                    <span>
                      {token.name} <code className="small">{token.prefix}…</code>
                    </span>
                    <span className="small muted">
                      {token.active ? 'active' : token.revokedAt ? 'revoked' : 'expired'} · last used {token.lastUsedAt ? formatDate(token.lastUsedAt) : 'never'}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>

      {confirmingDisable && (
        <ConfirmDialog
          title={user.disabled ? 'Enable this account?' : 'Disable this account?'}
          confirmLabel={user.disabled ? 'Enable' : 'Disable'}
          danger={!user.disabled}
          busy={disableState.loading}
          onCancel={() => setConfirmingDisable(false)}
          onConfirm={async () => {
            try {
              await setDisabled({ variables: { userId: user.id, disabled: !user.disabled } });
              setConfirmingDisable(false);
            } catch {
              // Shown in the dialog.
            }
          }}
        >
          <p>{user.disabled ? 'The user can sign in and use their API tokens again.' : 'All sessions and API tokens of this user stop working at once.'}</p>
          <ErrorNotice error={disableState.error} />
        </ConfirmDialog>
      )}
      {refunding && (
        <RefundDialog
          payment={refunding}
          onClose={() => {
            setRefunding(null);
            void refetch();
          }}
        />
      )}
    </>
  );
}
