import { ErrorNotice } from '../../design/ErrorNotice';
import { Loading } from '../../design/Feedback';
import { DailyUsageChart, FeatureBreakdownChart, SourceSplitChart } from '../dashboard/UsageCharts';
import { PeriodSelect, Stat, useUsageOverPeriod } from '../dashboard/UsageOverview';
import { PlatformUsageQuery } from './operations';

/** Usage over all users (lazy-loaded with the chart library). */
export default function PlatformCharts() {
  const { data, loading, error, period } = useUsageOverPeriod(PlatformUsageQuery);
  const usage = data?.platformUsage;
  return (
    <div className="stack">
      <div style={{ maxWidth: 200 }}>
        <PeriodSelect period={period} />
      </div>
      {error && <ErrorNotice error={error} />}
      {loading && !usage && <Loading />}
      {usage && (
        <>
          <div className="grid grid--4">
            <Stat label="Calls" value={usage.totals.calls} />
            <Stat label="Credits spent" value={usage.totals.credits} />
            <Stat label="Active users" value={usage.totals.activeUsers} />
            <Stat label="Refunded calls" value={usage.totals.refundedCalls} />
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
