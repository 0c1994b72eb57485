/**
 * The usage rollups are derived from consumption_logs by triggers (see the migration
 * CreateUsageRollups1764000005000). This query recomputes every rollup from the log and counts
 * the keys where stored and recomputed values differ, per table: all zeros means no drift.
 * Used by the tests and the analytics benchmark; it reads the whole log, so never on a request.
 */
export const ROLLUP_DRIFT_SQL = `
WITH log AS (
  SELECT c.user_id, date_bin('15 minutes', c.created_at, timestamptz '2000-01-01 00:00:00+00') AS bucket,
         (c.created_at AT TIME ZONE 'UTC')::date AS day, c.feature, c.source,
         CASE WHEN c.status = 'REFUNDED' THEN 0 ELSE c.credits END AS credits, (c.status = 'REFUNDED')::int AS refunded
  FROM consumption_logs c
),
per_user AS (
  SELECT user_id, bucket, count(*)::int AS calls, sum(credits)::int AS credits, sum(refunded)::int AS refunded FROM log GROUP BY 1, 2
),
per_user_daily AS (
  SELECT user_id, day, feature, source, count(*)::int AS calls, sum(credits)::int AS credits, sum(refunded)::int AS refunded
  FROM log GROUP BY 1, 2, 3, 4
),
platform AS (
  SELECT bucket, sum(calls)::int AS calls, sum(credits)::int AS credits, sum(refunded)::int AS refunded FROM per_user GROUP BY 1
),
stored_platform AS (
  SELECT bucket, sum(calls)::int AS calls, sum(credits)::int AS credits, sum(refunded_calls)::int AS refunded
  FROM platform_usage_rollups GROUP BY 1
),
-- Who was active: the bits each (bucket, chunk) should hold, one per user with calls in the bucket.
active AS (
  SELECT p.bucket, n.number / 1024 AS chunk, bit_or(set_bit(B'0'::bit(1024), n.number % 1024, 1)) AS bits
  FROM per_user p JOIN usage_user_numbers n ON n.user_id = p.user_id GROUP BY 1, 2
),
stored_active AS (
  SELECT bucket, chunk, bit_or(active_users) AS bits FROM platform_usage_rollups GROUP BY 1, 2 HAVING bit_count(bit_or(active_users)) > 0
),
platform_daily AS (
  SELECT day, feature, source, sum(calls)::int AS calls, sum(credits)::int AS credits, sum(refunded)::int AS refunded
  FROM per_user_daily GROUP BY 1, 2, 3
),
stored_platform_daily AS (
  SELECT day, feature, source, sum(calls)::int AS calls, sum(credits)::int AS credits, sum(refunded_calls)::int AS refunded
  FROM platform_daily_rollups GROUP BY 1, 2, 3
)
SELECT
  (SELECT count(*)::int FROM per_user e FULL JOIN usage_rollups r ON r.user_id IS NOT DISTINCT FROM e.user_id AND r.bucket = e.bucket
   WHERE (e.calls, e.credits, e.refunded) IS DISTINCT FROM (r.calls, r.credits, r.refunded_calls)) AS "usageRollups",
  (SELECT count(*)::int FROM per_user_daily e FULL JOIN usage_daily_rollups r
     ON r.user_id IS NOT DISTINCT FROM e.user_id AND r.day = e.day AND r.feature = e.feature AND r.source = e.source
   WHERE (e.calls, e.credits, e.refunded) IS DISTINCT FROM (r.calls, r.credits, r.refunded_calls)) AS "usageDailyRollups",
  -- Stored buckets emptied to zero by refunds or deletions are equal to no row at all.
  (SELECT count(*)::int FROM platform e FULL JOIN stored_platform s ON s.bucket = e.bucket
   WHERE (COALESCE(e.calls, 0), COALESCE(e.credits, 0), COALESCE(e.refunded, 0))
     IS DISTINCT FROM (COALESCE(s.calls, 0), COALESCE(s.credits, 0), COALESCE(s.refunded, 0))) AS "platformRollups",
  (SELECT count(*)::int FROM active e FULL JOIN stored_active s ON s.bucket = e.bucket AND s.chunk = e.chunk
   WHERE e.bits IS DISTINCT FROM s.bits) AS "activeUsers",
  (SELECT count(*)::int FROM platform_daily e FULL JOIN stored_platform_daily s ON s.day = e.day AND s.feature = e.feature AND s.source = e.source
   WHERE (COALESCE(e.calls, 0), COALESCE(e.credits, 0), COALESCE(e.refunded, 0))
     IS DISTINCT FROM (COALESCE(s.calls, 0), COALESCE(s.credits, 0), COALESCE(s.refunded, 0))) AS "platformDailyRollups"`;

export interface RollupDrift {
  usageRollups: number;
  usageDailyRollups: number;
  platformRollups: number;
  activeUsers: number;
  platformDailyRollups: number;
}

export const NO_DRIFT: RollupDrift = { usageRollups: 0, usageDailyRollups: 0, platformRollups: 0, activeUsers: 0, platformDailyRollups: 0 };
