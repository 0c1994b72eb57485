import { useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { usePagedQuery } from '../../design/CursorPager';
import { DataTable, type Column } from '../../design/DataTable';
import { SelectField, TextField } from '../../design/Field';
import { PageHeader, StatusBadge } from '../../design/Feedback';
import type { ConsumptionLogFieldsFragment } from '../../gql/graphql';
import { featureLabel, KNOWN_FEATURES } from '../../lib/features';
import { formatDateTime } from '../../lib/format';
import { SourceBadge } from './CallList';
import { ApiTokensQuery } from '../api-tokens/operations';
import { ConsumptionLogsQuery } from './operations';
import { csvDownloadUrl, EMPTY_USAGE_FILTER, toApiFilter, type UsageFilterForm } from './usage-filter';

const PAGE_SIZE = 25;

const CALL_COLUMNS: Array<Column<ConsumptionLogFieldsFragment>> = [
  { header: 'Time', nowrap: true, cell: (log) => formatDateTime(log.createdAt) },
  { header: 'Feature', cell: (log) => featureLabel(log.feature) },
  { header: 'Credits', numeric: true, cell: (log) => log.credits },
  {
    header: 'Source',
    cell: (log) => (
      <>
        <SourceBadge source={log.source} />
        {log.apiTokenPrefix && (
          <div className="small muted" title={log.apiTokenName ?? undefined}>
            <code>{log.apiTokenPrefix}…</code>
          </div>
        )}
      </>
    ),
  },
  {
    header: 'Status',
    cell: (log) => (
      <>
        <StatusBadge status={log.status} />
        {log.errorCode && <div className="small muted">{log.errorCode}</div>}
      </>
    ),
  },
  { header: 'Duration', numeric: true, nowrap: true, cell: (log) => (log.durationMs === null || log.durationMs === undefined ? '—' : `${log.durationMs} ms`) },
  { header: 'Image URL', className: 'small', style: { maxWidth: 240, wordBreak: 'break-all' }, cell: (log) => log.imageUrl ?? <span className="muted">upload</span> },
];

export function UsageLogPage() {
  const [form, setForm] = useState<UsageFilterForm>(EMPTY_USAGE_FILTER);
  const filter = useMemo(() => toApiFilter(form), [form]);
  const { pager, table } = usePagedQuery(ConsumptionLogsQuery, { variables: { filter }, pageSize: PAGE_SIZE, select: (data) => data.consumptionLogs });
  const tokens = useQuery(ApiTokensQuery);
  const filtered = Object.values(form).some(Boolean);

  const update = <K extends keyof UsageFilterForm>(name: K, value: UsageFilterForm[K]) => {
    setForm((current) => ({ ...current, [name]: value }));
    pager.reset();
  };

  return (
    <>
      <PageHeader
        title="Usage log"
        description="Every paid call, newest first."
        actions={
          <a className="button button--secondary" href={csvDownloadUrl(form)} download>
            Download CSV
          </a>
        }
      />
      <div className="stack">
        <section className="card" aria-label="Filters">
          <div className="form-row">
            <SelectField label="Feature" value={form.feature} onChange={(e) => update('feature', e.target.value)}>
              <option value="">Any feature</option>
              {KNOWN_FEATURES.map((feature) => (
                <option key={feature} value={feature}>
                  {featureLabel(feature)}
                </option>
              ))}
            </SelectField>
            <SelectField label="Source" value={form.source} onChange={(e) => update('source', e.target.value as UsageFilterForm['source'])}>
              <option value="">API and dashboard</option>
              <option value="API">API</option>
              <option value="DASHBOARD">Dashboard</option>
            </SelectField>
            <SelectField label="Status" value={form.status} onChange={(e) => update('status', e.target.value as UsageFilterForm['status'])}>
              <option value="">Any status</option>
              <option value="SUCCEEDED">Succeeded</option>
              <option value="FAILED">Failed</option>
              <option value="REFUNDED">Refunded</option>
              <option value="PENDING">Pending</option>
            </SelectField>
            <SelectField label="API token" value={form.apiTokenId} onChange={(e) => update('apiTokenId', e.target.value)}>
              <option value="">Any token</option>
              {tokens.data?.apiTokens.map((token) => (
                <option key={token.id} value={token.id}>
                  {token.name} ({token.prefix}…)
                </option>
              ))}
            </SelectField>
            <TextField label="From" type="date" value={form.fromDate} onChange={(e) => update('fromDate', e.target.value)} />
            <TextField label="To" type="date" value={form.toDate} onChange={(e) => update('toDate', e.target.value)} />
          </div>
          {filtered && (
            <div className="row row--end" style={{ marginTop: 12 }}>
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => {
                  setForm(EMPTY_USAGE_FILTER);
                  pager.reset();
                }}
              >
                Clear filters
              </button>
            </div>
          )}
        </section>
        <section className="card" aria-label="Calls">
          <DataTable
            {...table}
            columns={CALL_COLUMNS}
            empty={filtered ? { title: 'No calls match these filters', hint: 'Try a wider date range.' } : { title: 'No calls yet', hint: 'Calls from the playground and the API appear here.' }}
            testId="usage-log-table"
          />
        </section>
      </div>
    </>
  );
}
