import type { Column } from '../../design/DataTable';
import { graphql } from '../../gql';
import type { LedgerEntryFieldsFragment as LedgerEntry } from '../../gql/graphql';
import { formatDateTime, formatSignedCredits, humanizeEnum } from '../../lib/format';

/** One change of a balance, as the credit history and the admin console show it. */
export const LedgerEntryFieldsFragment = graphql(`
  fragment LedgerEntryFields on LedgerEntry {
    id
    createdAt
    delta
    balanceAfter
    reason
    reference
    note
  }
`);

export const ledgerColumns: Array<Column<LedgerEntry>> = [
  { header: 'Date', nowrap: true, cell: (entry) => formatDateTime(entry.createdAt) },
  {
    header: 'Reason',
    cell: (entry) => (
      <>
        {humanizeEnum(entry.reason)}
        {entry.note && <div className="small muted">{entry.note}</div>}
      </>
    ),
  },
  { header: 'Change', numeric: true, className: 'nowrap', cell: (entry) => <span className={entry.delta >= 0 ? 'positive' : 'negative'}>{formatSignedCredits(entry.delta)}</span> },
  { header: 'Balance', numeric: true, cell: (entry) => entry.balanceAfter.toLocaleString() },
];
