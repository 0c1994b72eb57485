import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, Legend, Line, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyState } from '../../design/Feedback';
import { graphql } from '../../gql';
import { featureLabel } from '../../lib/features';

export interface DailyPoint {
  day: string;
  calls: number;
  credits: number;
  activeUsers?: number;
}

export interface FeaturePoint {
  feature: string;
  calls: number;
  credits: number;
}

export interface SourcePoint {
  source: string;
  calls: number;
  credits: number;
}

/** What the breakdown charts draw, for the user's usage and the platform's alike. */
export const FeatureUsageFieldsFragment = graphql(`
  fragment FeatureUsageFields on FeatureUsage {
    feature
    calls
    credits
  }
`);

export const SourceUsageFieldsFragment = graphql(`
  fragment SourceUsageFields on SourceUsage {
    source
    calls
    credits
  }
`);

const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#ec4899', '#64748b', '#84cc16'];

/** "2026-11-23" → "Nov 23" without time-zone shifts (the day is already bucketed by the server). */
function shortDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

export function DailyUsageChart({ daily, showActiveUsers = false }: { daily: DailyPoint[]; showActiveUsers?: boolean }) {
  return (
    <figure className="chart-box" style={{ margin: 0 }} aria-label="Calls and credits per day" data-testid="daily-usage-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={daily} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e5ee" />
          <XAxis dataKey="day" tickFormatter={shortDay} fontSize={12} minTickGap={16} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip labelFormatter={(day) => shortDay(String(day))} />
          <Legend />
          <Bar dataKey="calls" name="Calls" fill="#c7d2fe" isAnimationActive={false} />
          <Line dataKey="credits" name="Credits" stroke="#4f46e5" strokeWidth={2} dot={false} type="monotone" isAnimationActive={false} />
          {showActiveUsers && <Line dataKey="activeUsers" name="Active users" stroke="#10b981" strokeWidth={2} dot={false} type="monotone" isAnimationActive={false} />}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function FeatureBreakdownChart({ byFeature }: { byFeature: FeaturePoint[] }) {
  if (byFeature.length === 0) return <EmptyState title="No calls in this period" />;
  const data = byFeature.map((item) => ({ ...item, label: featureLabel(item.feature) }));
  return (
    <figure className="chart-box" style={{ margin: 0, height: Math.max(160, data.length * 36 + 40) }} aria-label="Credits per feature" data-testid="feature-breakdown-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e5ee" horizontal={false} />
          <XAxis type="number" allowDecimals={false} fontSize={12} />
          <YAxis type="category" dataKey="label" width={130} fontSize={12} />
          <Tooltip />
          <Bar dataKey="credits" name="Credits" fill="#4f46e5" isAnimationActive={false}>
            {data.map((item, index) => (
              <Cell key={item.feature} fill={PALETTE[index % PALETTE.length]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function SourceSplitChart({ bySource }: { bySource: SourcePoint[] }) {
  const total = bySource.reduce((sum, item) => sum + item.calls, 0);
  if (total === 0) return <EmptyState title="No calls in this period" />;
  const data = bySource.map((item) => ({ name: item.source === 'API' ? 'API' : 'Dashboard', value: item.calls }));
  return (
    <figure className="chart-box" style={{ margin: 0 }} aria-label="Calls through the API versus the dashboard" data-testid="source-split-chart">
      <ResponsiveContainer width="100%" height="100%">
        <PieChart>
          <Pie data={data} dataKey="value" nameKey="name" innerRadius="55%" outerRadius="80%" paddingAngle={2} label isAnimationActive={false}>
            {data.map((item, index) => (
              <Cell key={item.name} fill={index === 0 ? '#4f46e5' : '#0ea5e9'} />
            ))}
          </Pie>
          <Tooltip />
          <Legend />
        </PieChart>
      </ResponsiveContainer>
    </figure>
  );
}
