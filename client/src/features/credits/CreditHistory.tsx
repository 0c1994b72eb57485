import { useQuery } from '@apollo/client/react';
import { useCursorPager } from '../../design/CursorPager';
import { DataTable } from '../../design/DataTable';
import { ledgerColumns } from './ledgerColumns';
import { CreditLedgerQuery } from './operations';

/** The user's ledger: every change of the balance with its reason, newest first. */
export function CreditHistory({ pageSize = 10 }: { pageSize?: number }) {
  const pager = useCursorPager();
  const { data, loading, error } = useQuery(CreditLedgerQuery, { variables: { first: pageSize, after: pager.after } });
  const page = data?.creditLedger;

  return (
    <section className="card" aria-labelledby="credit-history-heading">
      <h2 id="credit-history-heading">Credit history</h2>
      <DataTable
        columns={ledgerColumns}
        rows={page?.nodes}
        loading={loading}
        error={error}
        empty="No credit movements yet"
        pagination={{ pager, pageInfo: page?.pageInfo }}
        testId="credit-history-table"
      />
    </section>
  );
}
