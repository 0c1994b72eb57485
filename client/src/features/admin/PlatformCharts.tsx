import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ErrorNotice } from '../../design/ErrorNotice';
import { SelectField } from '../../design/Field';
import { Loading } from '../../design/Feedback';
import { isoDateDaysAgo } from '../../lib/format';
import { DailyUsageChart, FeatureBreakdownChart, SourceSplitChart } from '../dashboard/UsageCharts';
import { browserTimeZone, RANGE_CHOICES } from '../dashboard/UsageOverview';
import { PlatformUsageQuery } from './operations';

/** Usage over all users (lazy-loaded with the chart library). */
export default function PlatformCharts() {
  const [days, setDays] = useState<number>(30);
  const { data, loading, error } = useQuery(PlatformUsageQuery, { variables: { from: isoDateDaysAgo(days - 1), to: isoDateDaysAgo(0), timezone: browserTimeZone() } });
  const usage = data?.platformUsage;
  return (
    <div className="stack">
      <div style={{ maxWidth: 200 }}>
        <SelectField label="Period" value={String(days)} onChange={(e) => setDays(Number(e.target.value))}>
          {RANGE_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              Last {choice} days
            </option>
          ))}
        </SelectField>
      </div>
      {error && <ErrorNotice error={error} />}
      {loading && !usage && <Loading />}
      {usage && (
        <>
          <div className="grid grid--4">
            <div className="card stat">
              <span className="stat__label">Calls</span>
              <span className="stat__value">{usage.totals.calls.toLocaleString()}</span>
            </div>
            <div className="card stat">
              <span className="stat__label">Credits spent</span>
              <span className="stat__value">{usage.totals.credits.toLocaleString()}</span>
            </div>
            <div className="card stat">
              <span className="stat__label">Active users</span>
              <span className="stat__value">{usage.totals.activeUsers.toLocaleString()}</span>
            </div>
            <div className="card stat">
              <span className="stat__label">Refunded calls</span>
              <span className="stat__value">{usage.totals.refundedCalls.toLocaleString()}</span>
            </div>
          </div>
          <DailyUsageChart daily={usage.daily} showActiveUsers />
          <div className="grid grid--2">
            <FeatureBreakdownChart byFeature={usage.byFeature} />
            <SourceSplitChart bySource={usage.bySource} />
          </div>
        </>
      )}
    </div>
  );
}
