import { useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { CursorPagerControls, useCursorPager } from '../../design/CursorPager';
import { ErrorNotice } from '../../design/ErrorNotice';
import { SelectField, TextField } from '../../design/Field';
import { Badge, EmptyState, Loading, PageHeader, StatusBadge } from '../../design/Feedback';
import { featureLabel, KNOWN_FEATURES } from '../../lib/features';
import { formatDateTime } from '../../lib/format';
import { ConsumptionLogsQuery, UsageLogTokensQuery } from './operations';
import { csvDownloadUrl, EMPTY_USAGE_FILTER, toApiFilter, type UsageFilterForm } from './usage-filter';

const PAGE_SIZE = 25;

export function UsageLogPage() {
  const [form, setForm] = useState<UsageFilterForm>(EMPTY_USAGE_FILTER);
  const pager = useCursorPager();
  const filter = useMemo(() => toApiFilter(form), [form]);
  const { data, loading, error } = useQuery(ConsumptionLogsQuery, { variables: { filter, first: PAGE_SIZE, after: pager.after } });
  const tokens = useQuery(UsageLogTokensQuery);
  const page = data?.consumptionLogs;
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
          {error && <ErrorNotice error={error} />}
          {loading && !page && <Loading />}
          {page && page.nodes.length === 0 && (
            <EmptyState title={filtered ? 'No calls match these filters' : 'No calls yet'}>{filtered ? 'Try a wider date range.' : 'Calls from the playground and the API appear here.'}</EmptyState>
          )}
          {page && page.nodes.length > 0 && (
            <div className="table-wrap">
              <table className="table" data-testid="usage-log-table">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Feature</th>
                    <th scope="col" className="num">
                      Credits
                    </th>
                    <th scope="col">Source</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Duration
                    </th>
                    <th scope="col">Image URL</th>
                  </tr>
                </thead>
                <tbody>
                  {page.nodes.map((log) => (
                    <tr key={log.id}>
                      <td className="nowrap">{formatDateTime(log.createdAt)}</td>
                      <td>{featureLabel(log.feature)}</td>
                      <td className="num">{log.credits}</td>
                      <td>
                        {log.source === 'API' ? <Badge tone="info">API</Badge> : <Badge>Dashboard</Badge>}
                        {log.apiTokenPrefix && (
                          <div className="small muted" title={log.apiTokenName ?? undefined}>
                            <code>{log.apiTokenPrefix}…</code>
                          </div>
                        )}
                      </td>
                      <td>
                        <StatusBadge status={log.status} />
                        {log.errorCode && <div className="small muted">{log.errorCode}</div>}
                      </td>
                      <td className="num nowrap">{log.durationMs === null || log.durationMs === undefined ? '—' : `${log.durationMs} ms`}</td>
                      <td className="small" style={{ maxWidth: 240, wordBreak: 'break-all' }}>
                        {log.imageUrl ?? <span className="muted">upload</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {page && <CursorPagerControls pager={pager} hasNextPage={page.pageInfo.hasNextPage} endCursor={page.pageInfo.endCursor} loading={loading} />}
        </section>
      </div>
    </>
  );
}
