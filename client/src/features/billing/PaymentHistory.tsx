import { useQuery } from '@apollo/client/react';
import { useCursorPager } from '../../design/CursorPager';
import { DataTable } from '../../design/DataTable';
import { PaymentsQuery } from './operations';
import { paymentColumns as column } from './paymentColumns';

export function PaymentHistory({ pageSize = 10 }: { pageSize?: number }) {
  const pager = useCursorPager();
  const { data, loading, error } = useQuery(PaymentsQuery, { variables: { first: pageSize, after: pager.after } });
  const page = data?.payments;
  return (
    <section className="card" aria-labelledby="payments-heading">
      <h2 id="payments-heading">Payment history</h2>
      <DataTable
        columns={[column.date, column.pack, column.credits, column.amountLessRefunds, column.card, column.status]}
        rows={page?.nodes}
        loading={loading}
        error={error}
        empty={{ title: 'No payments yet', hint: 'Packs you buy appear here with their status.' }}
        pagination={{ pager, pageInfo: page?.pageInfo }}
        testId="payment-table"
      />
    </section>
  );
}
