import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ErrorNotice } from '../../design/ErrorNotice';
import { Loading } from '../../design/Feedback';
import { SelectField } from '../../design/Field';
import { isoDateDaysAgo } from '../../lib/format';
import { UsageSummaryQuery } from './operations';
import { DailyUsageChart, FeatureBreakdownChart, SourceSplitChart } from './UsageCharts';

export const RANGE_CHOICES = [7, 30, 90] as const;

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The user's usage charts (loaded lazily with the chart library). */
export default function UsageOverview() {
  const [days, setDays] = useState<number>(30);
  const { data, loading, error } = useQuery(UsageSummaryQuery, {
    variables: { from: isoDateDaysAgo(days - 1), to: isoDateDaysAgo(0), timezone: browserTimeZone() },
  });
  const summary = data?.usageSummary;
  return (
    <div className="stack">
      <div className="row row--between">
        <h2 style={{ margin: 0 }}>Usage</h2>
        <div style={{ minWidth: 160 }}>
          <SelectField label="Period" value={String(days)} onChange={(e) => setDays(Number(e.target.value))}>
            {RANGE_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                Last {choice} days
              </option>
            ))}
          </SelectField>
        </div>
      </div>
      {error && <ErrorNotice error={error} />}
      {loading && !summary && <Loading />}
      {summary && (
        <>
          <div className="grid grid--3">
            <div className="card stat">
              <span className="stat__label">Calls</span>
              <span className="stat__value" data-testid="usage-total-calls">
                {summary.totals.calls.toLocaleString()}
              </span>
            </div>
            <div className="card stat">
              <span className="stat__label">Credits spent</span>
              <span className="stat__value">{summary.totals.credits.toLocaleString()}</span>
            </div>
            <div className="card stat">
              <span className="stat__label">Refunded calls</span>
              <span className="stat__value">{summary.totals.refundedCalls.toLocaleString()}</span>
            </div>
          </div>
          <section className="card" aria-labelledby="daily-heading">
            <h3 id="daily-heading">Calls and credits per day</h3>
            <DailyUsageChart daily={summary.daily} />
          </section>
          <div className="grid grid--2">
            <section className="card" aria-labelledby="feature-heading">
              <h3 id="feature-heading">By feature</h3>
              <FeatureBreakdownChart byFeature={summary.byFeature} />
            </section>
            <section className="card" aria-labelledby="source-heading">
              <h3 id="source-heading">API versus dashboard</h3>
              <SourceSplitChart bySource={summary.bySource} />
            </section>
          </div>
        </>
      )}
    </div>
  );
}
