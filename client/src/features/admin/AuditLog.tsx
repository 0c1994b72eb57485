import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { CursorPagerControls, useCursorPager } from '../../design/CursorPager';
import { ErrorNotice } from '../../design/ErrorNotice';
import { TextField } from '../../design/Field';
import { EmptyState, Loading } from '../../design/Feedback';
import { formatDateTime } from '../../lib/format';
import { AuditLogQuery } from './operations';

function compactJson(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

export function AuditLog() {
  const [filters, setFilters] = useState({ action: '', actorId: '', targetId: '' });
  const pager = useCursorPager();
  const { data, loading, error } = useQuery(AuditLogQuery, {
    variables: { action: filters.action.trim() || null, actorId: filters.actorId.trim() || null, targetId: filters.targetId.trim() || null, first: 25, after: pager.after },
  });
  const page = data?.auditLog;
  const update = (name: keyof typeof filters, value: string) => {
    setFilters((current) => ({ ...current, [name]: value }));
    pager.reset();
  };
  return (
    <div className="stack">
      <div className="form-row">
        <TextField label="Action" placeholder="e.g. credits.adjust" value={filters.action} onChange={(e) => update('action', e.target.value)} />
        <TextField label="Actor id" value={filters.actorId} onChange={(e) => update('actorId', e.target.value)} />
        <TextField label="Target id" value={filters.targetId} onChange={(e) => update('targetId', e.target.value)} />
      </div>
      {error && <ErrorNotice error={error} />}
      {loading && !page && <Loading />}
      {page && page.nodes.length === 0 && <EmptyState title="No audit entries" />}
      {page && page.nodes.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="audit-log-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">Before → after</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">{formatDateTime(entry.createdAt)}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td className="small">
                    <code>{entry.actorId?.slice(0, 8) ?? 'system'}</code>
                    {entry.ip && <div className="muted">{entry.ip}</div>}
                  </td>
                  <td className="small">
                    {entry.targetType} <code>{entry.targetId?.slice(0, 8)}</code>
                  </td>
                  <td className="small mono" style={{ maxWidth: 360, wordBreak: 'break-all' }}>
                    {compactJson(entry.before)} → {compactJson(entry.after)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && <CursorPagerControls pager={pager} hasNextPage={page.pageInfo.hasNextPage} endCursor={page.pageInfo.endCursor} loading={loading} />}
    </div>
  );
}
