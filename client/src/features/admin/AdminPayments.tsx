import { useState } from 'react';
import { usePagedQuery } from '../../design/CursorPager';
import { DataTable, FilterSelect, type Column } from '../../design/DataTable';
import type { PaymentFieldsFragment, PaymentStatus } from '../../gql/graphql';
import { paymentColumns as column } from '../billing/paymentColumns';
import { AdminPaymentsQuery } from './operations';
import { RefundDialog } from './RefundDialog';

const STATUSES: PaymentStatus[] = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'DISPUTED'];
const STATUS_OPTIONS: ReadonlyArray<readonly ['' | PaymentStatus, string]> = [['', 'Any status'], ...STATUSES.map((item) => [item, item.toLowerCase().replace('_', ' ')] as const)];
const REFUNDABLE: PaymentStatus[] = ['SUCCEEDED', 'PARTIALLY_REFUNDED'];

/** A Refund button on the payments that can still be refunded, and the dialog it opens; `onDone` reloads. */
export function useRefunds(onDone: () => unknown) {
  const [refunding, setRefunding] = useState<PaymentFieldsFragment | null>(null);
  const column: Column<PaymentFieldsFragment> = {
    header: 'Actions',
    hiddenHeader: true,
    cell: (payment) =>
      REFUNDABLE.includes(payment.status) && (
        <button type="button" className="button button--secondary button--small" onClick={() => setRefunding(payment)}>
          Refund
        </button>
      ),
  };
  const dialog = refunding && (
    <RefundDialog
      payment={refunding}
      onClose={() => {
        setRefunding(null);
        void onDone();
      }}
    />
  );
  return { column, dialog };
}

/** All payments (or one user's), with refunds. */
export function AdminPayments({ userId, pageSize = 20 }: { userId?: string; pageSize?: number }) {
  const [status, setStatus] = useState<'' | PaymentStatus>('');
  const { pager, refetch, table } = usePagedQuery(AdminPaymentsQuery, { variables: { status: status || null, userId: userId ?? null }, pageSize, select: (data) => data.adminPayments });
  const refunds = useRefunds(refetch);
  return (
    <div className="stack">
      <FilterSelect label="Status" value={status} onChange={setStatus} pager={pager} options={STATUS_OPTIONS} />
      <DataTable {...table} columns={[column.date, column.packWithCredits, column.amount, column.refunded, column.status, refunds.column]} empty="No payments" />
      {refunds.dialog}
    </div>
  );
}
