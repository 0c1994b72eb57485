import { useQuery } from '@apollo/client/react';
import { CursorPagerControls, useCursorPager } from '../../design/CursorPager';
import { ErrorNotice } from '../../design/ErrorNotice';
import { EmptyState, Loading } from '../../design/Feedback';
import { formatDateTime, formatSignedCredits, humanizeEnum } from '../../lib/format';
import { CreditLedgerQuery } from './operations';

/** The user's ledger: every change of the balance with its reason, newest first. */
export function CreditHistory({ pageSize = 10 }: { pageSize?: number }) {
  const pager = useCursorPager();
  const { data, loading, error } = useQuery(CreditLedgerQuery, { variables: { first: pageSize, after: pager.after } });
  const page = data?.creditLedger;

  return (
    <section className="card" aria-labelledby="credit-history-heading">
      <h2 id="credit-history-heading">Credit history</h2>
      {error && <ErrorNotice error={error} />}
      {loading && !page && <Loading />}
      {page && page.nodes.length === 0 && <EmptyState title="No credit movements yet" />}
      {page && page.nodes.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Reason</th>
                <th scope="col" className="num">
                  Change
                </th>
                <th scope="col" className="num">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">{formatDateTime(entry.createdAt)}</td>
                  <td>
                    {humanizeEnum(entry.reason)}
                    {entry.note && <div className="small muted">{entry.note}</div>}
                  </td>
                  <td className={`num ${entry.delta >= 0 ? 'positive' : 'negative'}`}>{formatSignedCredits(entry.delta)}</td>
                  <td className="num">{entry.balanceAfter.toLocaleString()}</td>
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
