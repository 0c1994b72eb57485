import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ConfirmDialog } from '../../design/Dialog';
import { ErrorNotice } from '../../design/ErrorNotice';
import { DataTable } from '../../design/DataTable';
import { Facts } from '../../design/Facts';
import { Badge, EmptyState, Loading, PageHeader } from '../../design/Feedback';
import { formatDate, humanizeEnum } from '../../lib/format';
import { tokenColumns as token } from '../api-tokens/tokenColumns';
import { paymentColumns as payment } from '../billing/paymentColumns';
import { ledgerColumns } from '../credits/ledgerColumns';
import { CallList } from '../usage-log/CallList';
import { AdjustCreditsForm } from './AdjustCreditsForm';
import { useRefunds } from './AdminPayments';
import { adminUserName } from './AdminUsers';
import { AdminUserDetailQuery, SetUserDisabledMutation } from './operations';

export function AdminUserDetailPage() {
  const { userId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(AdminUserDetailQuery, { variables: { id: userId } });
  const [setDisabled, disableState] = useMutation(SetUserDisabledMutation);
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  const refunds = useRefunds(refetch);
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
        title={adminUserName(user)}
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
            <Facts
              facts={[
                ['User id', <code>{user.id}</code>],
                ['Company', user.company ?? '—'],
                ['Credits', <span data-testid="admin-user-credits">{user.credits.toLocaleString()}</span>],
                ['Plan', humanizeEnum(user.plan)],
                ['Role', humanizeEnum(user.role)],
                ['Joined', formatDate(user.createdAt)],
                [
                  'State',
                  <>
                    {user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>} {user.processingRestricted && <Badge tone="warning">Processing restricted</Badge>}{' '}
                    {user.deletedAt && <Badge>Deleted {formatDate(user.deletedAt)}</Badge>}
                  </>,
                ],
                ['Marketing', user.notificationPreferences.marketing ? 'Opted in' : 'No'],
              ]}
            />
          </section>
          <section className="card" aria-labelledby="adjust-heading">
            <h2 id="adjust-heading">Adjust credits</h2>
            <AdjustCreditsForm userId={user.id} onDone={() => void refetch()} />
          </section>
        </div>

        <section className="card" aria-labelledby="user-ledger-heading">
          <h2 id="user-ledger-heading">Ledger</h2>
          <DataTable columns={ledgerColumns} rows={user.ledger} empty="No ledger rows" />
        </section>

        <section className="card" aria-labelledby="user-payments-heading">
          <h2 id="user-payments-heading">Payments</h2>
          <DataTable columns={[payment.date, payment.pack, payment.amountLessRefunds, payment.status, refunds.column]} rows={user.payments} empty="No payments" />
        </section>

        <div className="grid grid--2">
          <section className="card" aria-labelledby="user-calls-heading">
            <h2 id="user-calls-heading">Recent calls</h2>
            {user.consumption.length === 0 ? <EmptyState title="No calls" /> : <CallList calls={user.consumption} />}
          </section>
          <section className="card" aria-labelledby="user-tokens-heading">
            <h2 id="user-tokens-heading">API tokens</h2>
            <DataTable columns={[token.name, token.prefix, token.status, token.lastUsed]} rows={user.apiTokens} empty="No tokens" />
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
      {refunds.dialog}
    </>
  );
}
