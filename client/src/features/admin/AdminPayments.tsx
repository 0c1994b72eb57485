import { useState } from 'react';
import { usePagedQuery } from '../../design/CursorPager';
import { DataTable, type Column } from '../../design/DataTable';
import { SelectField } from '../../design/Field';
import type { PaymentFieldsFragment, PaymentStatus } from '../../gql/graphql';
import { paymentColumns as column } from '../billing/paymentColumns';
import { AdminPaymentsQuery } from './operations';
import { RefundDialog } from './RefundDialog';

const STATUSES: PaymentStatus[] = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'DISPUTED'];
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
      <DataTable {...table} columns={[column.date, column.packWithCredits, column.amount, column.refunded, column.status, refunds.column]} empty="No payments" />
      {refunds.dialog}
    </div>
  );
}
