import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { CursorPagerControls, useCursorPager } from '../../design/CursorPager';
import { ErrorNotice } from '../../design/ErrorNotice';
import { SelectField } from '../../design/Field';
import { EmptyState, Loading, StatusBadge } from '../../design/Feedback';
import type { PaymentFieldsFragment, PaymentStatus } from '../../gql/graphql';
import { formatDateTime, formatMoney } from '../../lib/format';
import { AdminPaymentsQuery } from './operations';
import { RefundDialog } from './RefundDialog';

const STATUSES: PaymentStatus[] = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'DISPUTED'];
const REFUNDABLE: PaymentStatus[] = ['SUCCEEDED', 'PARTIALLY_REFUNDED'];

/** All payments (or one user's), with refunds. */
export function AdminPayments({ userId, pageSize = 20 }: { userId?: string; pageSize?: number }) {
  const [status, setStatus] = useState<'' | PaymentStatus>('');
  const pager = useCursorPager();
  const [refunding, setRefunding] = useState<PaymentFieldsFragment | null>(null);
  const { data, loading, error, refetch } = useQuery(AdminPaymentsQuery, { variables: { first: pageSize, after: pager.after, status: status || null, userId: userId ?? null } });
  const page = data?.adminPayments;
  return (
    <div className="stack">
      <div style={{ maxWidth: 240 }}>
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as PaymentStatus | '');
            pager.reset();
          }}
        >
          <option value="">Any status</option>
          {STATUSES.map((item) => (
            <option key={item} value={item}>
              {item.toLowerCase().replace('_', ' ')}
            </option>
          ))}
        </SelectField>
      </div>
      {error && <ErrorNotice error={error} />}
      {loading && !page && <Loading />}
      {page && page.nodes.length === 0 && <EmptyState title="No payments" />}
      {page && page.nodes.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Pack</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Refunded
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((payment) => (
                <tr key={payment.id}>
                  <td className="nowrap">{formatDateTime(payment.createdAt)}</td>
                  <td>
                    {payment.packName} <span className="small muted">({payment.credits} credits)</span>
                  </td>
                  <td className="num nowrap">{formatMoney(payment.amountCents, payment.currency)}</td>
                  <td className="num nowrap">{payment.refundedCents ? formatMoney(payment.refundedCents, payment.currency) : '—'}</td>
                  <td>
                    <StatusBadge status={payment.status} />
                  </td>
                  <td>
                    {REFUNDABLE.includes(payment.status) && (
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
      {page && <CursorPagerControls pager={pager} hasNextPage={page.pageInfo.hasNextPage} endCursor={page.pageInfo.endCursor} loading={loading} />}
      {refunding && (
        <RefundDialog
          payment={refunding}
          onClose={() => {
            setRefunding(null);
            void refetch();
          }}
        />
      )}
    </div>
  );
}
