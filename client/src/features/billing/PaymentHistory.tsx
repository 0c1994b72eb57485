import { Card } from '../../design/Card';
import { usePagedQuery } from '../../design/CursorPager';
import { DataTable } from '../../design/DataTable';
import { PaymentsQuery } from './operations';
import { paymentColumns as column } from './paymentColumns';

export function PaymentHistory({ pageSize = 10 }: { pageSize?: number }) {
  const { table } = usePagedQuery(PaymentsQuery, { variables: {}, pageSize, select: (data) => data.payments });
  return (
    <Card title="Payment history">
      <DataTable
        {...table}
        columns={[column.date, column.pack, column.credits, column.amountLessRefunds, column.card, column.status]}
        empty={{ title: 'No payments yet', hint: 'Packs you buy appear here with their status.' }}
        testId="payment-table"
      />
    </Card>
  );
}
