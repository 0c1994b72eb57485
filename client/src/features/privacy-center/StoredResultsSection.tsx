import { useMutation, useQuery } from '@apollo/client/react';
import { CursorPagerControls, useCursorPager } from '../../design/CursorPager';
import { ErrorNotice } from '../../design/ErrorNotice';
import { EmptyState, Loading } from '../../design/Feedback';
import { featureLabel } from '../../lib/features';
import { formatDate, formatDateTime, humanizeEnum } from '../../lib/format';
import { DeleteAllStoredResultsMutation, DeleteStoredResultMutation, StoredResultsQuery } from './operations';

/** Stored images exist only when the server runs with STORE_RESULTS=true; otherwise this says nothing is kept. */
export function StoredResultsSection() {
  const pager = useCursorPager();
  const { data, loading, error } = useQuery(StoredResultsQuery, { variables: { first: 10, after: pager.after } });
  const [deleteOne, deleteOneState] = useMutation(DeleteStoredResultMutation, { refetchQueries: [StoredResultsQuery] });
  const [deleteAll, deleteAllState] = useMutation(DeleteAllStoredResultsMutation, { refetchQueries: [StoredResultsQuery] });
  const page = data?.storedResults;
  return (
    <section className="card" aria-labelledby="stored-heading">
      <h2 id="stored-heading">Stored images</h2>
      {error && <ErrorNotice error={error} />}
      {loading && !page && <Loading />}
      {page && !page.enabled && <p className="muted">This server does not store your images or results: they are processed in memory and discarded.</p>}
      {page && page.enabled && page.nodes.length === 0 && <EmptyState title="No stored images" />}
      {page && page.enabled && page.nodes.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Feature</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Deleted on</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.nodes.map((item) => (
                  <tr key={item.id}>
                    <td className="nowrap">{formatDateTime(item.createdAt)}</td>
                    <td>{featureLabel(item.feature)}</td>
                    <td>
                      {humanizeEnum(item.kind)} <span className="small muted">{Math.ceil(item.sizeBytes / 1024)} KB</span>
                    </td>
                    <td className="nowrap">{item.expiresAt ? formatDate(item.expiresAt) : 'Kept until you delete it'}</td>
                    <td>
                      <div className="row" style={{ flexWrap: 'nowrap' }}>
                        <a className="button button--secondary button--small" href={item.downloadPath} download>
                          Download
                        </a>
                        <button type="button" className="button button--danger button--small" onClick={() => deleteOne({ variables: { id: item.id } }).catch(() => undefined)}>
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="row row--between" style={{ marginTop: 12 }}>
            <button type="button" className="button button--secondary button--small" disabled={deleteAllState.loading} onClick={() => deleteAll().catch(() => undefined)}>
              Delete all stored images
            </button>
            <CursorPagerControls pager={pager} hasNextPage={page.pageInfo.hasNextPage} endCursor={page.pageInfo.endCursor} loading={loading} />
          </div>
        </>
      )}
      <ErrorNotice error={deleteOneState.error ?? deleteAllState.error} />
    </section>
  );
}
