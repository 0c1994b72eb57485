import { DataSource } from 'typeorm';
import { badInput } from '../../core/errors';
import { CallSource } from './consumption-log.entity';
import { FeatureUsage, PlatformUsage, SourceUsage, UsageSummary } from './metering.types';

export interface UsageRange {
  /** YYYY-MM-DD, inclusive, in `timezone`. */
  from: string;
  to: string;
  timezone: string;
}

/** A year (and a leap day) per request keeps every report one bounded index range scan. */
export const MAX_REPORT_DAYS = 366;
const DAY_MS = 86_400_000;

const SPAN_CACHE_SIZE = 1000;

interface Span {
  start: Date;
  end: Date;
  onQuarterHours: boolean;
}

interface AggregateRow {
  kind: 'day' | 'feature' | 'source' | 'total';
  key: string | null;
  calls: number;
  credits: number;
  refunded: number;
  users: number;
}

/**
 * Usage analytics (seed 001 §2), aggregated in PostgreSQL from the usage rollups (see the
 * migration CreateUsageRollups1764000005000), so a year of a heavy user or of the whole platform
 * stays a few tens of thousands of rollup rows instead of millions of log rows:
 * - the daily series comes from 15-minute buckets: the caller's local midnights (IANA zone, DST,
 *   UTC+5:30 and +5:45 included) all fall on quarter hours, so each local day is an exact set of
 *   buckets, found with one width_bucket over the local midnights;
 * - the feature and source breakdowns come from UTC-day rollups for the whole UTC days of the
 *   range, and from the log itself for the partial UTC days at its two ends;
 * - active users per day are the popcount of the OR of the buckets' user bitmaps.
 * Local midnights off the quarter hours (local mean times before ~1980) are answered from the log.
 *
 * Credits count what the user actually paid: a REFUNDED call appears in `calls` (and in
 * `refundedCalls`) but its credits do not, since the refund gave them back. PENDING calls are
 * charged and therefore counted.
 */
export class UsageAnalyticsService {
  private readonly knownZones = new Map<string, boolean>();
  private readonly spans = new Map<string, Span>();

  constructor(private readonly dataSource: DataSource) {}

  async summary(userId: string, range: UsageRange): Promise<UsageSummary> {
    const rows = await this.aggregate(range, userId);
    const { daily, totals, ...rest } = this.shape(range, rows);
    return {
      ...rest,
      daily: daily.map(({ activeUsers: _users, ...day }) => day),
      totals: { calls: totals.calls, credits: totals.credits, refundedCalls: totals.refundedCalls },
    };
  }

  /** Over all users (anonymised rows included); active users per day count distinct accounts. */
  async platform(range: UsageRange): Promise<PlatformUsage> {
    return this.shape(range, await this.aggregate(range, null));
  }

  /**
   * The same figures computed from the raw log in one pass: the answer for local midnights off
   * the quarter hours, and the baseline of the analytics benchmark.
   */
  async summaryFromLog(userId: string | null, range: UsageRange): Promise<PlatformUsage> {
    await this.checkRange(range);
    return this.shape(range, await this.fromLog(range, userId));
  }

  /** EXPLAIN ANALYZE of the rollup query a report runs (null when it is answered from the log): for the benchmark's notes. */
  async explain(range: UsageRange, userId: string | null): Promise<string | null> {
    await this.checkRange(range);
    const query = await this.rollupQuery(range, userId);
    if (!query) return null;
    const plan: Array<{ 'QUERY PLAN': string }> = await this.dataSource.query(`EXPLAIN (ANALYZE, COSTS OFF) ${query.sql}`, query.params);
    return plan.map((line) => line['QUERY PLAN']).join('\n');
  }

  private async aggregate(range: UsageRange, userId: string | null): Promise<AggregateRow[]> {
    await this.checkRange(range);
    const query = await this.rollupQuery(range, userId);
    return query ? this.dataSource.query(query.sql, query.params) : this.fromLog(range, userId);
  }

  private async rollupQuery(range: UsageRange, userId: string | null): Promise<{ sql: string; params: unknown[] } | null> {
    const span = await this.span(range);
    if (!span.onQuarterHours) return null;
    // Whole UTC days inside [start, end) come from daily rollups, the partial ones at both ends from the log.
    const start = span.start.getTime();
    const end = span.end.getTime();
    const firstCut = Math.min(Math.ceil(start / DAY_MS) * DAY_MS, end);
    const lastCut = Math.max(Math.floor(end / DAY_MS) * DAY_MS, firstCut);
    const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const params = [range.from, range.to, range.timezone, span.start, span.end, utcDay(firstCut), utcDay(lastCut), new Date(firstCut), new Date(lastCut)];
    return userId ? { sql: USER_ROLLUP_SQL, params: [...params, userId] } : { sql: PLATFORM_ROLLUP_SQL, params };
  }

  /**
   * The range's first and last instant, and whether every local midnight in it is on a quarter
   * hour (and increasing). It depends on the time zone database only, so it is kept per range.
   */
  private async span(range: UsageRange): Promise<Span> {
    const key = `${range.from}|${range.to}|${range.timezone}`;
    const known = this.spans.get(key);
    if (known) return known;
    const [span]: Span[] = await this.dataSource.query(
      `SELECT min(at) AS start, max(at) AS end,
              bool_and(extract(epoch FROM at) % 900 = 0 AND (previous IS NULL OR at > previous)) AS "onQuarterHours"
       FROM (SELECT at, lag(at) OVER (ORDER BY i) AS previous
             FROM (SELECT i, (($1::date + i)::timestamp AT TIME ZONE $3) AS at
                   FROM generate_series(0, $2::date - $1::date + 1) AS i) midnights) m`,
      [range.from, range.to, range.timezone],
    );
    if (this.spans.size >= SPAN_CACHE_SIZE) this.spans.delete(this.spans.keys().next().value!);
    this.spans.set(key, span);
    return span;
  }

  private fromLog(range: UsageRange, userId: string | null): Promise<AggregateRow[]> {
    const params: unknown[] = [range.from, range.to, range.timezone];
    let scope = 'TRUE';
    if (userId) {
      params.push(userId);
      scope = 'c.user_id = $4';
    }
    return this.dataSource.query(
      `WITH logs AS (
         SELECT date_trunc('day', c.created_at AT TIME ZONE $3)::date AS day,
                c.feature, c.source::text AS source, c.status, c.credits, c.user_id
         FROM consumption_logs c
         WHERE ${scope}
           AND c.created_at >= ($1::date)::timestamp AT TIME ZONE $3
           AND c.created_at < ($2::date + 1)::timestamp AT TIME ZONE $3
       ),
       agg AS (
         SELECT GROUPING(day, feature, source) AS g, day, feature, source,
                count(*)::int AS calls,
                COALESCE(sum(credits) FILTER (WHERE status <> 'REFUNDED'), 0)::int AS credits,
                count(*) FILTER (WHERE status = 'REFUNDED')::int AS refunded,
                count(DISTINCT user_id)::int AS users
         FROM logs
         GROUP BY GROUPING SETS ((day), (feature), (source), ())
       )
       SELECT 'day' AS kind, to_char(d.day, 'YYYY-MM-DD') AS key, COALESCE(a.calls, 0) AS calls,
              COALESCE(a.credits, 0) AS credits, COALESCE(a.refunded, 0) AS refunded, COALESCE(a.users, 0) AS users
       FROM generate_series($1::date, $2::date, interval '1 day') AS d(day)
       LEFT JOIN agg a ON a.g = 3 AND a.day = d.day::date
       UNION ALL
       SELECT 'feature', feature, calls, credits, refunded, users FROM agg WHERE g = 5
       UNION ALL
       SELECT 'source', s.source, COALESCE(a.calls, 0), COALESCE(a.credits, 0), COALESCE(a.refunded, 0), COALESCE(a.users, 0)
       FROM unnest(ARRAY['DASHBOARD', 'API']) AS s(source)
       LEFT JOIN agg a ON a.g = 6 AND a.source = s.source
       UNION ALL
       SELECT 'total', NULL, calls, credits, refunded, users FROM agg WHERE g = 7`,
      params,
    );
  }

  private shape(range: UsageRange, rows: AggregateRow[]): PlatformUsage {
    const of = (kind: AggregateRow['kind']) => rows.filter((r) => r.kind === kind);
    const total = of('total')[0] ?? { calls: 0, credits: 0, refunded: 0, users: 0 };
    const byFeature: FeatureUsage[] = of('feature')
      .map((r) => ({ feature: r.key!, calls: r.calls, credits: r.credits }))
      .sort((a, b) => b.credits - a.credits || b.calls - a.calls || a.feature.localeCompare(b.feature));
    const sources = of('source');
    const bySource: SourceUsage[] = [CallSource.DASHBOARD, CallSource.API].map((source) => {
      const row = sources.find((r) => r.key === source);
      return { source, calls: row?.calls ?? 0, credits: row?.credits ?? 0 };
    });
    return {
      from: range.from,
      to: range.to,
      timezone: range.timezone,
      daily: of('day')
        .map((r) => ({ day: r.key!, calls: r.calls, credits: r.credits, activeUsers: r.users }))
        .sort((a, b) => a.day.localeCompare(b.day)),
      byFeature,
      bySource,
      totals: { calls: total.calls, credits: total.credits, refundedCalls: total.refunded, activeUsers: total.users },
    };
  }

  private async checkRange(range: UsageRange): Promise<void> {
    const from = calendarDay(range.from, 'from');
    const to = calendarDay(range.to, 'to');
    if (to < from) throw badInput('to', 'to must not be before from');
    if ((to - from) / DAY_MS + 1 > MAX_REPORT_DAYS) throw badInput('to', `A report covers at most ${MAX_REPORT_DAYS} days`);
    if (!(await this.isTimeZone(range.timezone))) {
      throw badInput('timezone', 'timezone must be an IANA time zone name such as Europe/Vilnius or UTC');
    }
  }

  /**
   * Only names from PostgreSQL's IANA database: PostgreSQL would also accept POSIX strings like
   * "UTC+3", which mean the opposite offset of what most people expect.
   */
  private async isTimeZone(name: string): Promise<boolean> {
    if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name) || name.length > 64) return false;
    const cached = this.knownZones.get(name);
    if (cached !== undefined) return cached;
    const [{ known }] = await this.dataSource.query('SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1) AS known', [name]);
    if (this.knownZones.size > 1000) this.knownZones.clear();
    this.knownZones.set(name, known);
    return known;
  }
}

/** Milliseconds of a real calendar date (2025-02-30 is refused). */
function calendarDay(value: string, field: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw badInput(field, `${field} must be a date like 2025-01-31`);
  }
  return ms;
}

/**
 * Parameters shared by both rollup queries: $1 first day, $2 last day (local, inclusive), $3 time
 * zone, $4 first instant, $5 end instant (exclusive), $6..$7 whole UTC days [from, to) read from
 * daily rollups, $8 and $9 the cuts between the log-read ends and those days. The user query
 * adds $10 user id. Rows: one per day (zeros filled in), feature, source (both), and the total.
 */
const LOCAL_MIDNIGHTS = `SELECT array_agg((($1::date + i)::timestamp AT TIME ZONE $3) ORDER BY i) AS at
  FROM generate_series(0, $2::date - $1::date + 1) AS i`;
const LOG_CALL = `feature, source, 1 AS calls, CASE WHEN status = 'REFUNDED' THEN 0 ELSE credits END AS credits FROM consumption_logs`;
const DAYS_SOURCES_TOTAL = `
SELECT 'day' AS kind, to_char($1::date + (d.i - 1), 'YYYY-MM-DD') AS key, COALESCE(s.calls, 0)::int AS calls,
       COALESCE(s.credits, 0)::int AS credits, 0 AS refunded, COALESCE(s.users, 0)::int AS users
FROM generate_series(1, $2::date - $1::date + 1) AS d(i) LEFT JOIN series s ON s.i = d.i
UNION ALL
SELECT 'feature', feature, sum(calls)::int, sum(credits)::int, 0, 0 FROM breakdown GROUP BY feature HAVING sum(calls) > 0
UNION ALL
SELECT 'source', source::text, sum(calls)::int, sum(credits)::int, 0, 0 FROM breakdown GROUP BY source
UNION ALL
SELECT 'total', NULL, COALESCE(sum(calls), 0)::int, COALESCE(sum(credits), 0)::int, COALESCE(sum(refunded), 0)::int,
       (SELECT users FROM everyone) FROM series`;

const USER_ROLLUP_SQL = `
WITH midnights AS (${LOCAL_MIDNIGHTS}),
series AS (
  SELECT width_bucket(r.bucket, (SELECT at FROM midnights)) AS i, sum(r.calls) AS calls, sum(r.credits) AS credits,
         sum(r.refunded_calls) AS refunded, 0 AS users
  FROM usage_rollups r
  WHERE r.user_id = $10 AND r.bucket >= $4 AND r.bucket < $5
  GROUP BY 1
),
breakdown AS (
  SELECT feature, source, calls, credits FROM usage_daily_rollups WHERE user_id = $10 AND day >= $6::date AND day < $7::date
  UNION ALL SELECT ${LOG_CALL} WHERE user_id = $10 AND created_at >= $4 AND created_at < $8
  UNION ALL SELECT ${LOG_CALL} WHERE user_id = $10 AND created_at >= $9 AND created_at < $5
),
everyone AS (SELECT 0 AS users)
${DAYS_SOURCES_TOTAL}`;

const PLATFORM_ROLLUP_SQL = `
WITH midnights AS (${LOCAL_MIDNIGHTS}),
-- Joined day by day (one index range scan per local day) rather than width_bucket over one scan:
-- the planner then knows there are few groups and aggregates the bitmaps in a hash table in memory.
per_day AS MATERIALIZED (
  SELECT d.i, p.chunk, sum(p.calls) AS calls, sum(p.credits) AS credits, sum(p.refunded_calls) AS refunded,
         bit_or(p.active_users) AS active
  FROM generate_series(1, $2::date - $1::date + 1) AS d(i)
  JOIN platform_usage_rollups p
    ON p.bucket >= (SELECT at FROM midnights)[d.i] AND p.bucket < (SELECT at FROM midnights)[d.i + 1]
  GROUP BY 1, 2
),
series AS (
  SELECT i, sum(calls) AS calls, sum(credits) AS credits, sum(refunded) AS refunded, sum(bit_count(active)) AS users
  FROM per_day GROUP BY i
),
everyone AS (SELECT COALESCE(sum(bit_count(active)), 0)::int AS users FROM (SELECT bit_or(active) AS active FROM per_day GROUP BY chunk) c),
breakdown AS (
  SELECT feature, source, calls, credits FROM platform_daily_rollups WHERE day >= $6::date AND day < $7::date
  UNION ALL SELECT ${LOG_CALL} WHERE created_at >= $4 AND created_at < $8
  UNION ALL SELECT ${LOG_CALL} WHERE created_at >= $9 AND created_at < $5
)
${DAYS_SOURCES_TOTAL}`;
