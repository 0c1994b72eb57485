import { useState } from 'react';
import { usePagedQuery } from '../../design/CursorPager';
import { DataTable, type Column } from '../../design/DataTable';
import { TextField } from '../../design/Field';
import type { AuditLogQuery as AuditLogQueryResult } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { AuditLogQuery } from './operations';

function compactJson(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

type AuditEntry = AuditLogQueryResult['auditLog']['nodes'][number];

const AUDIT_COLUMNS: Array<Column<AuditEntry>> = [
  { header: 'When', nowrap: true, cell: (entry) => formatDateTime(entry.createdAt) },
  { header: 'Action', cell: (entry) => <code>{entry.action}</code> },
  {
    header: 'Actor',
    className: 'small',
    cell: (entry) => (
      <>
        <code>{entry.actorId?.slice(0, 8) ?? 'system'}</code>
        {entry.ip && <div className="muted">{entry.ip}</div>}
      </>
    ),
  },
  {
    header: 'Target',
    className: 'small',
    cell: (entry) => (
      <>
        {entry.targetType} <code>{entry.targetId?.slice(0, 8)}</code>
      </>
    ),
  },
  { header: 'Before → after', className: 'small mono', style: { maxWidth: 360, wordBreak: 'break-all' }, cell: (entry) => `${compactJson(entry.before)} → ${compactJson(entry.after)}` },
];

export function AuditLog() {
  const [filters, setFilters] = useState({ action: '', actorId: '', targetId: '' });
  const { pager, table } = usePagedQuery(AuditLogQuery, {
    variables: { action: filters.action.trim() || null, actorId: filters.actorId.trim() || null, targetId: filters.targetId.trim() || null },
    pageSize: 25,
    select: (data) => data.auditLog,
  });
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
      <DataTable {...table} columns={AUDIT_COLUMNS} empty="No audit entries" testId="audit-log-table" />
    </div>
  );
}
