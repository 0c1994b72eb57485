import { sqlMigration } from '../../../db/sql-migration';

/**
 * A consumption row's share of its rollup as a usage_delta: `n` (an inserted or new row) adds it,
 * `o` (a deleted or old row) takes it away. A refunded call counts as a call and a refund, not as credits.
 */
const ADDED_DELTA = `ROW(n.user_id, n.created_at, n.feature, n.source, 1,
                     CASE WHEN n.status = 'REFUNDED' THEN 0 ELSE n.credits END, (n.status = 'REFUNDED')::int)::usage_delta`;
const TAKEN_DELTA = `ROW(o.user_id, o.created_at, o.feature, o.source, -1,
                     -CASE WHEN o.status = 'REFUNDED' THEN 0 ELSE o.credits END, -(o.status = 'REFUNDED')::int)::usage_delta`;

/** The old row `o` and the new row `n` differ in their rollup key or counted values, or `missing` has no row. */
const rollupChanged = (missing: 'n' | 'o') =>
  `${missing}.id IS NULL OR o.user_id IS DISTINCT FROM n.user_id OR o.created_at <> n.created_at OR o.feature <> n.feature
             OR o.source <> n.source OR o.credits <> n.credits OR (o.status = 'REFUNDED') <> (n.status = 'REFUNDED')`;

/**
 * Usage rollups (issue 10): pre-aggregated consumption so usage analytics stay fast at millions
 * of calls. They are derived data, kept by statement-level triggers on consumption_logs, so they
 * change in the same statement (and transaction) as the log rows they summarise, whoever writes
 * those rows (charge, refund, the stale-call sweeper, account deletion, SQL fixtures). Nothing
 * can write a log row without its rollups, so the two can never drift apart.
 *
 * - usage_rollups: per user and 15-minute UTC bucket. Every real time zone's midnight (UTC+5:30,
 *   +5:45, +12:45 included) falls on a quarter hour, so any zone's local days are exact unions of
 *   buckets. No feature column: a heavy user's year stays ≤ 35 040 rows.
 * - usage_daily_rollups: per user, UTC day, feature and source, for the breakdowns (the partial
 *   UTC days at both ends of a local range are read from the log itself).
 * - platform_usage_rollups / platform_daily_rollups: the same over all users, so platform reports
 *   do not sum a row per user. Every charge touches them, so a row is split into "stripes" taken
 *   with FOR UPDATE SKIP LOCKED: a quiet platform keeps one row per bucket, a busy one spreads
 *   concurrent charges over a few rows instead of queueing on one.
 *   active_users is a bitmap of user numbers (usage_user_numbers, 1 024 per chunk): distinct
 *   active users of any local day are the popcount of the OR of its buckets.
 * - user_id NULL rows hold the calls of deleted (anonymised) accounts, which still count as calls
 *   but not as active users, exactly as in the log.
 */
export const CreateUsageRollups1764000005000 = sqlMigration('CreateUsageRollups1764000005000', {
  up: [
    // Log pages filtered by source or status stay one ordered index range scan (keyset cursor).
    `CREATE INDEX consumption_logs_user_source_created ON consumption_logs (user_id, source, created_at DESC, id DESC)`,
    `CREATE INDEX consumption_logs_user_status_created ON consumption_logs (user_id, status, created_at DESC, id DESC)`,
    // The stale-call sweeper: only the few PENDING rows.
    `CREATE INDEX consumption_logs_pending_created ON consumption_logs (created_at) WHERE status = 'PENDING'`,

    `
      CREATE TABLE usage_user_numbers (
        -- No foreign key: a number outlives a (hard-)deleted user so its bits can still be cleared.
        user_id uuid PRIMARY KEY,
        number integer GENERATED ALWAYS AS IDENTITY (MINVALUE 0 START WITH 0) CONSTRAINT usage_user_numbers_number_unique UNIQUE
      )`,
    `
      CREATE TABLE usage_rollups (
        user_id uuid,
        bucket timestamptz NOT NULL,
        calls integer NOT NULL,
        credits integer NOT NULL,
        refunded_calls integer NOT NULL,
        CONSTRAINT usage_rollups_key UNIQUE NULLS NOT DISTINCT (user_id, bucket)
      )`,
    `
      CREATE TABLE usage_daily_rollups (
        user_id uuid,
        day date NOT NULL,
        feature varchar(64) NOT NULL,
        source call_source NOT NULL,
        calls integer NOT NULL,
        credits integer NOT NULL,
        refunded_calls integer NOT NULL,
        CONSTRAINT usage_daily_rollups_key UNIQUE NULLS NOT DISTINCT (user_id, day, feature, source)
      )`,
    `
      CREATE TABLE platform_usage_rollups (
        bucket timestamptz NOT NULL,
        chunk integer NOT NULL,
        stripe smallint NOT NULL,
        calls integer NOT NULL,
        credits integer NOT NULL,
        refunded_calls integer NOT NULL,
        active_users bit(1024) NOT NULL,
        PRIMARY KEY (bucket, chunk, stripe)
      )`,
    `
      CREATE TABLE platform_daily_rollups (
        day date NOT NULL,
        feature varchar(64) NOT NULL,
        source call_source NOT NULL,
        stripe smallint NOT NULL,
        calls integer NOT NULL,
        credits integer NOT NULL,
        refunded_calls integer NOT NULL,
        PRIMARY KEY (day, feature, source, stripe)
      )`,

    // One signed change of the log: +1 call for a new row, -1 for a removed one; credits count
    // only while the call is not REFUNDED (what the user actually paid).
    `
      CREATE TYPE usage_delta AS (
        user_id uuid, created_at timestamptz, feature varchar(64), source call_source,
        calls integer, credits integer, refunded integer
      )`,

    `
      CREATE FUNCTION usage_apply_many(deltas usage_delta[]) RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        zero constant bit(1024) := B'0'::bit(1024);
        origin constant timestamptz := timestamptz '2000-01-01 00:00:00+00';
        shrinking boolean;
        gone record;
        g record;
        chosen smallint;
      BEGIN
        shrinking := EXISTS (SELECT 1 FROM unnest(deltas) d WHERE d.calls < 0);

        -- Per user. Sorted so concurrent bulk statements lock rows in one order.
        INSERT INTO usage_rollups AS r (user_id, bucket, calls, credits, refunded_calls)
        SELECT d.user_id, date_bin('15 minutes', d.created_at, origin), sum(d.calls), sum(d.credits), sum(d.refunded)
        FROM unnest(deltas) d GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (user_id, bucket) DO UPDATE
          SET calls = r.calls + EXCLUDED.calls, credits = r.credits + EXCLUDED.credits,
              refunded_calls = r.refunded_calls + EXCLUDED.refunded_calls;
        INSERT INTO usage_daily_rollups AS r (user_id, day, feature, source, calls, credits, refunded_calls)
        SELECT d.user_id, (d.created_at AT TIME ZONE 'UTC')::date, d.feature, d.source, sum(d.calls), sum(d.credits), sum(d.refunded)
        FROM unnest(deltas) d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (user_id, day, feature, source) DO UPDATE
          SET calls = r.calls + EXCLUDED.calls, credits = r.credits + EXCLUDED.credits,
              refunded_calls = r.refunded_calls + EXCLUDED.refunded_calls;

        -- Users get a small number once, for their bit in the activity bitmaps.
        INSERT INTO usage_user_numbers (user_id)
        SELECT DISTINCT d.user_id FROM unnest(deltas) d
        WHERE d.calls > 0 AND d.user_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM usage_user_numbers n WHERE n.user_id = d.user_id)
        ON CONFLICT DO NOTHING;

        -- Over all users: take a stripe nobody else holds, or add one.
        FOR g IN
          SELECT date_bin('15 minutes', d.created_at, origin) AS bucket, COALESCE(n.number / 1024, 0) AS chunk,
                 sum(d.calls)::int AS calls, sum(d.credits)::int AS credits, sum(d.refunded)::int AS refunded,
                 COALESCE(bit_or(set_bit(zero, n.number % 1024, 1)) FILTER (WHERE d.calls > 0 AND n.number IS NOT NULL), zero) AS active
          FROM unnest(deltas) d LEFT JOIN usage_user_numbers n ON n.user_id = d.user_id
          GROUP BY 1, 2 ORDER BY 1, 2
        LOOP
          PERFORM usage_add_platform(g.bucket, g.chunk, g.calls, g.credits, g.refunded, g.active);
        END LOOP;

        FOR g IN
          SELECT (d.created_at AT TIME ZONE 'UTC')::date AS day, d.feature, d.source,
                 sum(d.calls)::int AS calls, sum(d.credits)::int AS credits, sum(d.refunded)::int AS refunded
          FROM unnest(deltas) d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        LOOP
          UPDATE platform_daily_rollups p
          SET calls = p.calls + g.calls, credits = p.credits + g.credits, refunded_calls = p.refunded_calls + g.refunded
          WHERE (p.day, p.feature, p.source, p.stripe) = (
            SELECT s.day, s.feature, s.source, s.stripe FROM platform_daily_rollups s
            WHERE s.day = g.day AND s.feature = g.feature AND s.source = g.source ORDER BY s.stripe LIMIT 1 FOR UPDATE SKIP LOCKED);
          IF NOT FOUND THEN
            chosen := CASE WHEN EXISTS (SELECT 1 FROM platform_daily_rollups s WHERE s.day = g.day AND s.feature = g.feature AND s.source = g.source)
                           THEN 1 + pg_backend_pid() % 63 ELSE 0 END;
            INSERT INTO platform_daily_rollups AS p (day, feature, source, stripe, calls, credits, refunded_calls)
            VALUES (g.day, g.feature, g.source, chosen, g.calls, g.credits, g.refunded)
            ON CONFLICT (day, feature, source, stripe) DO UPDATE
              SET calls = p.calls + EXCLUDED.calls, credits = p.credits + EXCLUDED.credits,
                  refunded_calls = p.refunded_calls + EXCLUDED.refunded_calls;
          END IF;
        END LOOP;

        -- Rows removed or moved to another user/bucket: drop emptied per-user rows, and clear the
        -- user's bit where they have no call left in that bucket.
        IF shrinking THEN
          DELETE FROM usage_daily_rollups r
          USING (SELECT DISTINCT user_id, (created_at AT TIME ZONE 'UTC')::date AS day, feature, source FROM unnest(deltas) WHERE calls < 0) k
          WHERE r.user_id IS NOT DISTINCT FROM k.user_id AND r.day = k.day AND r.feature = k.feature AND r.source = k.source AND r.calls = 0;
          FOR gone IN
            WITH emptied AS (
              DELETE FROM usage_rollups r
              USING (SELECT DISTINCT user_id, date_bin('15 minutes', created_at, origin) AS bucket FROM unnest(deltas) WHERE calls < 0) k
              WHERE r.user_id IS NOT DISTINCT FROM k.user_id AND r.bucket = k.bucket AND r.calls = 0
              RETURNING r.user_id, r.bucket)
            SELECT e.bucket, n.number / 1024 AS chunk, bit_or(set_bit(zero, n.number % 1024, 1)) AS mask
            FROM emptied e JOIN usage_user_numbers n ON n.user_id = e.user_id
            GROUP BY 1, 2 ORDER BY 1, 2
          LOOP
            UPDATE platform_usage_rollups SET active_users = active_users & ~gone.mask
            WHERE bucket = gone.bucket AND chunk = gone.chunk;
          END LOOP;
        END IF;
      END
      $fn$`,

    // Adds to a free platform stripe row of (bucket, chunk), or adds a stripe when every existing one is held.
    `
      CREATE FUNCTION usage_add_platform(v_bucket timestamptz, v_chunk integer, v_calls integer, v_credits integer, v_refunded integer, v_active bit(1024))
      RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        v_stripe smallint;
      BEGIN
        UPDATE platform_usage_rollups p
        SET calls = p.calls + v_calls, credits = p.credits + v_credits, refunded_calls = p.refunded_calls + v_refunded,
            active_users = p.active_users | v_active
        WHERE (p.bucket, p.chunk, p.stripe) = (
          SELECT s.bucket, s.chunk, s.stripe FROM platform_usage_rollups s
          WHERE s.bucket = v_bucket AND s.chunk = v_chunk ORDER BY s.stripe LIMIT 1 FOR UPDATE SKIP LOCKED);
        IF FOUND THEN RETURN; END IF;
        v_stripe := CASE WHEN EXISTS (SELECT 1 FROM platform_usage_rollups s WHERE s.bucket = v_bucket AND s.chunk = v_chunk)
                         THEN 1 + pg_backend_pid() % 63 ELSE 0 END;
        INSERT INTO platform_usage_rollups AS p (bucket, chunk, stripe, calls, credits, refunded_calls, active_users)
        VALUES (v_bucket, v_chunk, v_stripe, v_calls, v_credits, v_refunded, v_active)
        ON CONFLICT (bucket, chunk, stripe) DO UPDATE
          SET calls = p.calls + EXCLUDED.calls, credits = p.credits + EXCLUDED.credits,
              refunded_calls = p.refunded_calls + EXCLUDED.refunded_calls, active_users = p.active_users | EXCLUDED.active_users;
      END
      $fn$`,

    // One changed row (the charge, the refund, the stale-call sweep): plain single-row upserts,
    // no set machinery. Counterpart of usage_apply_many, which the drift test checks both against.
    `
      CREATE FUNCTION usage_apply_one(d usage_delta) RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        zero constant bit(1024) := B'0'::bit(1024);
        v_bucket constant timestamptz := date_bin('15 minutes', d.created_at, timestamptz '2000-01-01 00:00:00+00');
        v_day constant date := (d.created_at AT TIME ZONE 'UTC')::date;
        v_number integer;
        v_left integer;
        v_platform boolean;
        v_platform_daily boolean;
        v_stripe smallint;
      BEGIN
        -- The common case in one statement: four upserts, the user's bit taken along.
        WITH per_user AS (
          INSERT INTO usage_rollups AS r (user_id, bucket, calls, credits, refunded_calls)
          VALUES (d.user_id, v_bucket, d.calls, d.credits, d.refunded)
          ON CONFLICT (user_id, bucket) DO UPDATE
            SET calls = r.calls + EXCLUDED.calls, credits = r.credits + EXCLUDED.credits,
                refunded_calls = r.refunded_calls + EXCLUDED.refunded_calls
          RETURNING r.calls
        ), per_user_daily AS (
          INSERT INTO usage_daily_rollups AS r (user_id, day, feature, source, calls, credits, refunded_calls)
          VALUES (d.user_id, v_day, d.feature, d.source, d.calls, d.credits, d.refunded)
          ON CONFLICT (user_id, day, feature, source) DO UPDATE
            SET calls = r.calls + EXCLUDED.calls, credits = r.credits + EXCLUDED.credits,
                refunded_calls = r.refunded_calls + EXCLUDED.refunded_calls
        ), num AS (
          SELECT n.number FROM usage_user_numbers n WHERE n.user_id = d.user_id
        ), platform AS (
          UPDATE platform_usage_rollups p
          SET calls = p.calls + d.calls, credits = p.credits + d.credits, refunded_calls = p.refunded_calls + d.refunded,
              active_users = p.active_users | COALESCE((SELECT set_bit(zero, num.number % 1024, 1) FROM num WHERE d.calls > 0), zero)
          WHERE (p.bucket, p.chunk, p.stripe) = (
            SELECT s.bucket, s.chunk, s.stripe FROM platform_usage_rollups s
            WHERE s.bucket = v_bucket AND s.chunk = COALESCE((SELECT num.number / 1024 FROM num), 0)
            ORDER BY s.stripe LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING 1
        ), platform_daily AS (
          UPDATE platform_daily_rollups p
          SET calls = p.calls + d.calls, credits = p.credits + d.credits, refunded_calls = p.refunded_calls + d.refunded
          WHERE (p.day, p.feature, p.source, p.stripe) = (
            SELECT s.day, s.feature, s.source, s.stripe FROM platform_daily_rollups s
            WHERE s.day = v_day AND s.feature = d.feature AND s.source = d.source ORDER BY s.stripe LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING 1
        )
        SELECT (SELECT calls FROM per_user), (SELECT number FROM num), EXISTS (SELECT 1 FROM platform), EXISTS (SELECT 1 FROM platform_daily)
        INTO v_left, v_number, v_platform, v_platform_daily;

        -- A user's first call ever: number them, and put their bit in (as a count-less stripe row if need be).
        IF v_number IS NULL AND d.user_id IS NOT NULL AND d.calls > 0 THEN
          INSERT INTO usage_user_numbers (user_id) VALUES (d.user_id) ON CONFLICT DO NOTHING;
          SELECT n.number INTO v_number FROM usage_user_numbers n WHERE n.user_id = d.user_id;
          IF v_platform THEN
            PERFORM usage_add_platform(v_bucket, v_number / 1024, 0, 0, 0, set_bit(zero, v_number % 1024, 1));
          END IF;
        END IF;
        IF NOT v_platform THEN
          PERFORM usage_add_platform(v_bucket, COALESCE(v_number / 1024, 0), d.calls, d.credits, d.refunded,
                                     CASE WHEN v_number IS NOT NULL AND d.calls > 0 THEN set_bit(zero, v_number % 1024, 1) ELSE zero END);
        END IF;
        IF NOT v_platform_daily THEN
          v_stripe := CASE WHEN EXISTS (SELECT 1 FROM platform_daily_rollups s WHERE s.day = v_day AND s.feature = d.feature AND s.source = d.source)
                           THEN 1 + pg_backend_pid() % 63 ELSE 0 END;
          INSERT INTO platform_daily_rollups AS p (day, feature, source, stripe, calls, credits, refunded_calls)
          VALUES (v_day, d.feature, d.source, v_stripe, d.calls, d.credits, d.refunded)
          ON CONFLICT (day, feature, source, stripe) DO UPDATE
            SET calls = p.calls + EXCLUDED.calls, credits = p.credits + EXCLUDED.credits,
                refunded_calls = p.refunded_calls + EXCLUDED.refunded_calls;
        END IF;

        -- A row removed or moved away: drop emptied per-user rows, clear the bit of a bucket left without calls.
        IF d.calls < 0 THEN
          DELETE FROM usage_daily_rollups r
          WHERE r.user_id IS NOT DISTINCT FROM d.user_id AND r.day = v_day AND r.feature = d.feature AND r.source = d.source AND r.calls = 0;
          IF v_left = 0 THEN
            DELETE FROM usage_rollups r WHERE r.user_id IS NOT DISTINCT FROM d.user_id AND r.bucket = v_bucket AND r.calls = 0;
            IF v_number IS NOT NULL THEN
              UPDATE platform_usage_rollups SET active_users = active_users & ~set_bit(zero, v_number % 1024, 1)
              WHERE bucket = v_bucket AND chunk = v_number / 1024;
            END IF;
          END IF;
        END IF;
      END
      $fn$`,

    // Few deltas (one row charged or refunded) take the single-row path; statements touching many
    // rows (bulk loads, account erasure) the set-based one.
    `
      CREATE FUNCTION usage_apply(deltas usage_delta[]) RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        d usage_delta;
      BEGIN
        IF deltas IS NULL OR cardinality(deltas) = 0 THEN RETURN; END IF;
        IF cardinality(deltas) = 1 THEN
          PERFORM usage_apply_one(deltas[1]);
        ELSIF cardinality(deltas) <= 8 THEN
          FOR d IN
            SELECT x.user_id, x.created_at, x.feature, x.source, sum(x.calls)::int, sum(x.credits)::int, sum(x.refunded)::int
            FROM unnest(deltas) x GROUP BY 1, 2, 3, 4 HAVING (sum(x.calls), sum(x.credits), sum(x.refunded)) <> (0, 0, 0)
            ORDER BY 1, 2, 3, 4
          LOOP
            PERFORM usage_apply_one(d);
          END LOOP;
        ELSE
          PERFORM usage_apply_many(deltas);
        END IF;
      END
      $fn$`,

    `
      CREATE FUNCTION usage_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM usage_apply(ARRAY(
          SELECT ${ADDED_DELTA}
          FROM inserted_rows n));
        RETURN NULL;
      END
      $fn$`,
    `
      CREATE FUNCTION usage_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM usage_apply(ARRAY(
          SELECT ${TAKEN_DELTA}
          FROM deleted_rows o));
        RETURN NULL;
      END
      $fn$`,
    // Only rows whose rollup key or counted values changed produce deltas: completing a call
    // (PENDING → SUCCEEDED) costs one empty join.
    `
      CREATE FUNCTION usage_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM usage_apply(ARRAY(
          SELECT ${TAKEN_DELTA}
          FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id
          WHERE ${rollupChanged('n')}
          UNION ALL
          SELECT ${ADDED_DELTA}
          FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
          WHERE ${rollupChanged('o')}));
        RETURN NULL;
      END
      $fn$`,
    `
      CREATE FUNCTION usage_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        TRUNCATE usage_rollups, usage_daily_rollups, platform_usage_rollups, platform_daily_rollups;
        RETURN NULL;
      END
      $fn$`,

    // Creating the triggers locks out writers until this migration commits, so the backfill
    // below sees every row and no row is counted twice.
    `CREATE TRIGGER consumption_logs_rollup_insert AFTER INSERT ON consumption_logs
      REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_insert()`,
    `CREATE TRIGGER consumption_logs_rollup_update AFTER UPDATE ON consumption_logs
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_update()`,
    `CREATE TRIGGER consumption_logs_rollup_delete AFTER DELETE ON consumption_logs
      REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_delete()`,
    `CREATE TRIGGER consumption_logs_rollup_truncate AFTER TRUNCATE ON consumption_logs
      FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_truncate()`,

    backfillUsageRollups,

    // Refusals of the one-statement charge (MeteringService): raising rolls the whole statement back.
    `
      CREATE FUNCTION metering_refuse(reason text) RETURNS integer LANGUAGE plpgsql AS $fn$
      BEGIN
        IF reason = 'INSUFFICIENT_CREDITS' THEN
          RAISE EXCEPTION 'insufficient credits' USING ERRCODE = 'VGM01';
        END IF;
        RAISE EXCEPTION 'API token refused the charge' USING ERRCODE = 'VGM02';
      END
      $fn$`,
  ],
  down: [
    `DROP FUNCTION metering_refuse(text)`,
    `DROP TRIGGER consumption_logs_rollup_truncate ON consumption_logs`,
    `DROP TRIGGER consumption_logs_rollup_delete ON consumption_logs`,
    `DROP TRIGGER consumption_logs_rollup_update ON consumption_logs`,
    `DROP TRIGGER consumption_logs_rollup_insert ON consumption_logs`,
    `DROP FUNCTION usage_rollup_truncate()`,
    `DROP FUNCTION usage_rollup_update()`,
    `DROP FUNCTION usage_rollup_delete()`,
    `DROP FUNCTION usage_rollup_insert()`,
    `DROP FUNCTION usage_apply(usage_delta[])`,
    `DROP FUNCTION usage_apply_one(usage_delta)`,
    `DROP FUNCTION usage_add_platform(timestamptz, integer, integer, integer, integer, bit)`,
    `DROP FUNCTION usage_apply_many(usage_delta[])`,
    `DROP TYPE usage_delta`,
    `DROP TABLE platform_daily_rollups`,
    `DROP TABLE platform_usage_rollups`,
    `DROP TABLE usage_daily_rollups`,
    `DROP TABLE usage_rollups`,
    `DROP TABLE usage_user_numbers`,
    `DROP INDEX consumption_logs_pending_created`,
    `DROP INDEX consumption_logs_user_status_created`,
    `DROP INDEX consumption_logs_user_source_created`,
  ],
});

/**
 * Rebuilds every rollup from consumption_logs in a few set-based statements (the migration of an
 * existing log, and the analytics benchmark after loading its million rows).
 */
export async function backfillUsageRollups(q: { query(sql: string): Promise<unknown> }): Promise<void> {
  const counted = `count(*)::int, COALESCE(sum(credits) FILTER (WHERE status <> 'REFUNDED'), 0)::int, count(*) FILTER (WHERE status = 'REFUNDED')::int`;
  const bucket = `date_bin('15 minutes', created_at, timestamptz '2000-01-01 00:00:00+00')`;
  await q.query(`TRUNCATE usage_rollups, usage_daily_rollups, platform_usage_rollups, platform_daily_rollups`);
  await q.query(`INSERT INTO usage_user_numbers (user_id)
    SELECT user_id FROM consumption_logs WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY min(created_at)
    ON CONFLICT DO NOTHING`);
  await q.query(`INSERT INTO usage_rollups (user_id, bucket, calls, credits, refunded_calls)
    SELECT user_id, ${bucket}, ${counted} FROM consumption_logs GROUP BY 1, 2`);
  await q.query(`INSERT INTO usage_daily_rollups (user_id, day, feature, source, calls, credits, refunded_calls)
    SELECT user_id, (created_at AT TIME ZONE 'UTC')::date, feature, source, ${counted} FROM consumption_logs GROUP BY 1, 2, 3, 4`);
  await q.query(`INSERT INTO platform_usage_rollups (bucket, chunk, stripe, calls, credits, refunded_calls, active_users)
    SELECT r.bucket, COALESCE(n.number / 1024, 0), 0, sum(r.calls), sum(r.credits), sum(r.refunded_calls),
           COALESCE(bit_or(set_bit(B'0'::bit(1024), n.number % 1024, 1)) FILTER (WHERE n.number IS NOT NULL), B'0'::bit(1024))
    FROM usage_rollups r LEFT JOIN usage_user_numbers n ON n.user_id = r.user_id
    GROUP BY 1, 2`);
  await q.query(`INSERT INTO platform_daily_rollups (day, feature, source, stripe, calls, credits, refunded_calls)
    SELECT day, feature, source, 0, sum(calls), sum(credits), sum(refunded_calls) FROM usage_daily_rollups GROUP BY 1, 2, 3`);
}
