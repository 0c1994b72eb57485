import { useMutation } from '@apollo/client/react';
import { Card } from '../../design/Card';
import { usePagedQuery } from '../../design/CursorPager';
import { DataTable, type Column } from '../../design/DataTable';
import { ErrorNotice } from '../../design/ErrorNotice';
import type { StoredResultsQuery as StoredResultsQueryResult } from '../../gql/graphql';
import { featureLabel } from '../../lib/features';
import { formatDate, formatDateTime, humanizeEnum } from '../../lib/format';
import { DeleteAllStoredResultsMutation, DeleteStoredResultMutation, StoredResultsQuery } from './operations';

/** Stored images exist only when the server runs with STORE_RESULTS=true; otherwise this says nothing is kept. */
type StoredResult = StoredResultsQueryResult['storedResults']['nodes'][number];

const STORED_COLUMNS: Array<Column<StoredResult>> = [
  { header: 'Created', nowrap: true, cell: (item) => formatDateTime(item.createdAt) },
  { header: 'Feature', cell: (item) => featureLabel(item.feature) },
  {
    header: 'Kind',
    cell: (item) => (
      <>
        {humanizeEnum(item.kind)} <span className="small muted">{Math.ceil(item.sizeBytes / 1024)} KB</span>
      </>
    ),
  },
  { header: 'Deleted on', nowrap: true, cell: (item) => (item.expiresAt ? formatDate(item.expiresAt) : 'Kept until you delete it') },
];

export function StoredResultsSection() {
  const { page, table } = usePagedQuery(StoredResultsQuery, { variables: {}, pageSize: 10, select: (data) => data.storedResults });
  const [deleteOne, deleteOneState] = useMutation(DeleteStoredResultMutation, { refetchQueries: [StoredResultsQuery] });
  const [deleteAll, deleteAllState] = useMutation(DeleteAllStoredResultsMutation, { refetchQueries: [StoredResultsQuery] });
  return (
    <Card title="Stored images">
      {page && !page.enabled && <p className="muted">This server does not store your images or results: they are processed in memory and discarded.</p>}
      <DataTable
        columns={[
          ...STORED_COLUMNS,
          {
            header: 'Actions',
            hiddenHeader: true,
            cell: (item) => (
              <div className="row" style={{ flexWrap: 'nowrap' }}>
                <a className="button button--secondary button--small" href={item.downloadPath} download>
                  Download
                </a>
                <button type="button" className="button button--danger button--small" onClick={() => deleteOne({ variables: { id: item.id } }).catch(() => undefined)}>
                  Delete
                </button>
              </div>
            ),
          },
        ]}
        {...table}
        rows={page?.enabled === false ? undefined : page?.nodes}
        empty="No stored images"
        footer={
          <button type="button" className="button button--secondary button--small" disabled={deleteAllState.loading} onClick={() => deleteAll().catch(() => undefined)}>
            Delete all stored images
          </button>
        }
      />
      <ErrorNotice error={deleteOneState.error ?? deleteAllState.error} />
    </Card>
  );
}
