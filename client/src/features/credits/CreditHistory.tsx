import { Card } from '../../design/Card';
import { usePagedQuery } from '../../design/CursorPager';
import { DataTable } from '../../design/DataTable';
import { ledgerColumns } from './ledgerColumns';
import { CreditLedgerQuery } from './operations';

/** The user's ledger: every change of the balance with its reason, newest first. */
export function CreditHistory({ pageSize = 10 }: { pageSize?: number }) {
  const { table } = usePagedQuery(CreditLedgerQuery, { variables: {}, pageSize, select: (data) => data.creditLedger });
  return (
    <Card title="Credit history">
      <DataTable {...table} columns={ledgerColumns} empty="No credit movements yet" testId="credit-history-table" />
    </Card>
  );
}
