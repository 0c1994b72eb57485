import { Badge, StatusBadge } from '../../design/Feedback';
import type { DataRightsRequestFieldsFragment } from '../../gql/graphql';
import { formatDate, humanizeEnum } from '../../lib/format';

/** Requests with their 30-day deadline; admins also get a column of actions. */
export function DataRightsRequestTable({ requests, actions }: { requests: DataRightsRequestFieldsFragment[]; actions?: (request: DataRightsRequestFieldsFragment) => React.ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="data-rights-table">
        <thead>
          <tr>
            <th scope="col">Request</th>
            <th scope="col">Filed</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            <th scope="col">Details</th>
            {actions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {requests.map((request) => (
            <tr key={request.id}>
              <td>{humanizeEnum(request.type)}</td>
              <td className="nowrap">{formatDate(request.createdAt)}</td>
              <td className="nowrap">
                {request.status === 'OPEN' ? formatDate(request.dueAt) : '—'} {request.overdue && <Badge tone="danger">Overdue</Badge>}
              </td>
              <td>
                <StatusBadge status={request.status} />
                {request.completedAt && <div className="small muted">{formatDate(request.completedAt)}</div>}
              </td>
              <td className="small" style={{ maxWidth: 320 }}>
                {request.details}
                {request.resolution && <div className="muted">Answer: {request.resolution}</div>}
              </td>
              {actions && <td>{actions(request)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
