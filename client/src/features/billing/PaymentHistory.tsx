import { useQuery } from '@apollo/client/react';
import { CursorPagerControls, useCursorPager } from '../../design/CursorPager';
import { ErrorNotice } from '../../design/ErrorNotice';
import { EmptyState, Loading, StatusBadge } from '../../design/Feedback';
import { formatDateTime, formatMoney } from '../../lib/format';
import { PaymentsQuery } from './operations';

export function PaymentHistory({ pageSize = 10 }: { pageSize?: number }) {
  const pager = useCursorPager();
  const { data, loading, error } = useQuery(PaymentsQuery, { variables: { first: pageSize, after: pager.after } });
  const page = data?.payments;
  return (
    <section className="card" aria-labelledby="payments-heading">
      <h2 id="payments-heading">Payment history</h2>
      {error && <ErrorNotice error={error} />}
      {loading && !page && <Loading />}
      {page && page.nodes.length === 0 && <EmptyState title="No payments yet">Packs you buy appear here with their status.</EmptyState>}
      {page && page.nodes.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="payment-table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Pack</th>
                <th scope="col" className="num">
                  Credits
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Card</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((payment) => (
                <tr key={payment.id}>
                  <td className="nowrap">{formatDateTime(payment.createdAt)}</td>
                  <td>{payment.packName}</td>
                  <td className="num">{payment.credits.toLocaleString()}</td>
                  <td className="num nowrap">
                    {formatMoney(payment.amountCents, payment.currency)}
                    {payment.refundedCents > 0 && <div className="small muted">−{formatMoney(payment.refundedCents, payment.currency)} refunded</div>}
                  </td>
                  <td className="nowrap">{payment.cardBrand ? `${payment.cardBrand} •••• ${payment.cardLast4 ?? ''}` : '—'}</td>
                  <td>
                    <StatusBadge status={payment.status} />
                    {payment.failureReason && <div className="small muted">{payment.failureReason}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && <CursorPagerControls pager={pager} hasNextPage={page.pageInfo.hasNextPage} endCursor={page.pageInfo.endCursor} loading={loading} />}
    </section>
  );
}
