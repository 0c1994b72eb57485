import type { TypedDocumentNode } from '@apollo/client';
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

interface PeriodVariables {
  from: string;
  to: string;
  timezone: string;
}

/** A usage query over the chosen number of days, up to today in the browser's time zone. */
export function useUsageOverPeriod<TData>(query: TypedDocumentNode<TData, PeriodVariables>) {
  const [days, setDays] = useState<number>(30);
  const result = useQuery(query, { variables: { from: isoDateDaysAgo(days - 1), to: isoDateDaysAgo(0), timezone: browserTimeZone() } });
  return { ...result, period: { days, setDays } };
}

export function PeriodSelect({ period }: { period: { days: number; setDays: (days: number) => void } }) {
  return (
    <SelectField label="Period" value={String(period.days)} onChange={(e) => period.setDays(Number(e.target.value))}>
      {RANGE_CHOICES.map((choice) => (
        <option key={choice} value={choice}>
          Last {choice} days
        </option>
      ))}
    </SelectField>
  );
}

/** A total as a large figure under its label. */
export function Stat({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <div className="card stat">
      <span className="stat__label">{label}</span>
      <span className="stat__value" data-testid={testId}>
        {value.toLocaleString()}
      </span>
    </div>
  );
}

/** The user's usage charts (loaded lazily with the chart library). */
export default function UsageOverview() {
  const { data, loading, error, period } = useUsageOverPeriod(UsageSummaryQuery);
  const summary = data?.usageSummary;
  return (
    <div className="stack">
      <div className="row row--between">
        <h2 style={{ margin: 0 }}>Usage</h2>
        <div style={{ minWidth: 160 }}>
          <PeriodSelect period={period} />
        </div>
      </div>
      {error && <ErrorNotice error={error} />}
      {loading && !summary && <Loading />}
      {summary && (
        <>
          <div className="grid grid--3">
            <Stat label="Calls" value={summary.totals.calls} testId="usage-total-calls" />
            <Stat label="Credits spent" value={summary.totals.credits} />
            <Stat label="Refunded calls" value={summary.totals.refundedCalls} />
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
