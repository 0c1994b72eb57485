import { reserveSpendSql } from '../api-tokens';

/**
 * A charge as ONE SQL statement (one round trip, autocommit): claim the idempotency key, count
 * the credits against the token's monthly cap, take them from the balance with their CONSUMPTION
 * ledger row, write the PENDING log row. The usage rollups follow from the log row's triggers,
 * inside the same statement. Any refusal raises (metering_refuse), which rolls the whole
 * statement back: nothing is written then.
 *
 * Race-free like the multi-statement form: the token and user rows are changed by conditional
 * UPDATEs whose WHERE clause PostgreSQL re-checks on the locked, newest row version. Rows are
 * locked in one order — key → token → user — because the result's CASE asks for them in that
 * order (each CTE runs when first read) and every later CTE of the chain depends on the claim.
 *
 * Parameters: $1 user id, $2 credits, $3 feature, $4 source, $5 API token id (or null),
 * $6 image URL (or null), $7 now; with a key also $8 idempotency key, $9 request fingerprint.
 * Result: one row { consumptionId, claimed, balanceAfter }; claimed is false only when the key is
 * held by an earlier live call (nothing was written then).
 */
export interface ChargeShape {
  withKey: boolean;
  withToken: boolean;
}

export const IDEMPOTENCY_WINDOW = `interval '24 hours'`;

/** SQLSTATEs raised by metering_refuse (migration CreateUsageRollups1764000005000). */
export const REFUSED_INSUFFICIENT_CREDITS = 'VGM01';
export const REFUSED_BY_API_TOKEN = 'VGM02';

export function chargeStatement({ withKey, withToken }: ChargeShape): string {
  const claimed = withKey ? 'EXISTS (SELECT 1 FROM claim)' : 'TRUE';
  const onlyIfClaimed = withKey ? ` AND ${claimed}` : '';
  const ctes = [`ids AS (SELECT gen_random_uuid() AS id)`];
  if (withKey) {
    // A concurrent first call holds the unique entry until it commits; this waits for it. An
    // expired key (older than 24 h) is taken over in place.
    ctes.push(`claim AS (
    INSERT INTO idempotency_keys (user_id, key, fingerprint, consumption_id, created_at)
    SELECT $1::uuid, $8::varchar, $9::varchar, ids.id, $7::timestamptz FROM ids
    ON CONFLICT (user_id, key) DO UPDATE
      SET fingerprint = EXCLUDED.fingerprint, consumption_id = EXCLUDED.consumption_id,
          created_at = EXCLUDED.created_at, result = NULL
      WHERE idempotency_keys.created_at <= EXCLUDED.created_at - ${IDEMPOTENCY_WINDOW}
    RETURNING 1)`);
  }
  if (withToken) {
    ctes.push(`token AS (${reserveSpendSql({ tokenId: '$5', userId: '$1', credits: '$2', now: '$7', also: withKey ? claimed : undefined })})`);
  }
  // The same balance change as CreditsService.apply: conditional update plus ledger row.
  ctes.push(`debit AS (
    UPDATE users SET credits = credits - $2::int, updated_at = now()
    WHERE id = $1::uuid AND $2::int > 0 AND credits >= $2::int${onlyIfClaimed}
    RETURNING credits)`);
  ctes.push(`ledger AS (
    INSERT INTO credit_ledger (user_id, delta, reason, reference, balance_after)
    SELECT $1::uuid, -$2::int, 'CONSUMPTION', ids.id::text, debit.credits FROM debit, ids)`);
  ctes.push(`logged AS (
    INSERT INTO consumption_logs (id, user_id, feature, credits, source, api_token_id, image_url, status, created_at)
    SELECT ids.id, $1::uuid, $3::varchar, $2::int, $4::call_source, $5::uuid, $6::varchar, 'PENDING', $7::timestamptz
    FROM ids WHERE ${claimed})`);
  return `WITH ${ctes.join(',\n  ')}
SELECT ids.id AS "consumptionId", ${claimed} AS claimed,
  CASE WHEN NOT ${claimed} THEN NULL${withToken ? `\n       WHEN NOT EXISTS (SELECT 1 FROM token) THEN metering_refuse('API_TOKEN')` : ''}
       WHEN $2::int > 0 THEN COALESCE((SELECT credits FROM debit), metering_refuse('INSUFFICIENT_CREDITS'))
       ELSE (SELECT credits FROM users WHERE id = $1::uuid) END AS "balanceAfter"
FROM ids`;
}

/** Statement name (prepared once per connection) and text of each shape. */
export const CHARGE_STATEMENTS = Object.fromEntries(
  [false, true].flatMap((withKey) =>
    [false, true].map((withToken) => [`${withKey ? 'key' : 'plain'}-${withToken ? 'token' : 'session'}`, chargeStatement({ withKey, withToken })]),
  ),
) as Record<'plain-session' | 'plain-token' | 'key-session' | 'key-token', string>;
