import { useMutation, useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { ConfirmDialog, usePendingConfirm } from '../../design/Dialog';
import { ErrorNotice } from '../../design/ErrorNotice';
import { Card } from '../../design/Card';
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
  const disabling = usePendingConfirm((variables: { userId: string; disabled: boolean }) => setDisabled({ variables }));
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
            <button type="button" className={user.disabled ? 'button' : 'button button--danger'} onClick={() => disabling.ask({ userId: user.id, disabled: !user.disabled })}>
              {user.disabled ? 'Enable account' : 'Disable account'}
            </button>
          )
        }
      />
      <div className="stack">
        <div className="grid grid--2">
          <Card title="Account">
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
          </Card>
          <Card title="Adjust credits">
            <AdjustCreditsForm userId={user.id} onDone={() => void refetch()} />
          </Card>
        </div>

        <Card title="Ledger">
          <DataTable columns={ledgerColumns} rows={user.ledger} empty="No ledger rows" />
        </Card>

        <Card title="Payments">
          <DataTable columns={[payment.date, payment.pack, payment.amountLessRefunds, payment.status, refunds.column]} rows={user.payments} empty="No payments" />
        </Card>

        <div className="grid grid--2">
          <Card title="Recent calls">
            {user.consumption.length === 0 ? <EmptyState title="No calls" /> : <CallList calls={user.consumption} />}
          </Card>
          <Card title="API tokens">
            <DataTable columns={[token.name, token.prefix, token.status, token.lastUsed]} rows={user.apiTokens} empty="No tokens" />
          </Card>
        </div>
      </div>

      {disabling.pending && (
        <ConfirmDialog
          title={user.disabled ? 'Enable this account?' : 'Disable this account?'}
          confirmLabel={user.disabled ? 'Enable' : 'Disable'}
          danger={!user.disabled}
          busy={disableState.loading}
          onCancel={disabling.cancel}
          onConfirm={disabling.confirm}
        >
          <p>{user.disabled ? 'The user can sign in and use their API tokens again.' : 'All sessions and API tokens of this user stop working at once.'}</p>
          <ErrorNotice error={disableState.error} />
        </ConfirmDialog>
      )}
      {refunds.dialog}
    </>
  );
}
