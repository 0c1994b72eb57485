import type { ReactNode } from 'react';
import { DataTable, type Column, type DataTableProps } from '../../design/DataTable';
import { Badge, StatusBadge } from '../../design/Feedback';
import type { DataRightsRequestFieldsFragment as DataRightsRequest } from '../../gql/graphql';
import { formatDate, humanizeEnum } from '../../lib/format';

const COLUMNS: Array<Column<DataRightsRequest>> = [
  { header: 'Request', cell: (request) => humanizeEnum(request.type) },
  { header: 'Filed', nowrap: true, cell: (request) => formatDate(request.createdAt) },
  {
    header: 'Due',
    nowrap: true,
    cell: (request) => (
      <>
        {request.status === 'OPEN' ? formatDate(request.dueAt) : '—'} {request.overdue && <Badge tone="danger">Overdue</Badge>}
      </>
    ),
  },
  {
    header: 'Status',
    cell: (request) => (
      <>
        <StatusBadge status={request.status} />
        {request.completedAt && <div className="small muted">{formatDate(request.completedAt)}</div>}
      </>
    ),
  },
  {
    header: 'Details',
    className: 'small',
    style: { maxWidth: 320 },
    cell: (request) => (
      <>
        {request.details}
        {request.resolution && <div className="muted">Answer: {request.resolution}</div>}
      </>
    ),
  },
];

/** Requests with their 30-day deadline; admins also get a column of actions. */
export function DataRightsRequestTable({ actions, ...table }: Omit<DataTableProps<DataRightsRequest>, 'columns' | 'testId'> & { actions?: (request: DataRightsRequest) => ReactNode }) {
  return <DataTable columns={[...COLUMNS, actions && { header: 'Actions', hiddenHeader: true, cell: actions }]} testId="data-rights-table" {...table} />;
}
