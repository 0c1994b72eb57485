import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, QueryResult, QueryResultRow } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../core/clock';
import { connectionOf } from '../../db/transaction-connection';
import { AppError, ErrorCode, badInput, conflict, notFound } from '../../core/errors';
import { EventBus } from '../../core/events';
import { ApiTokensService } from '../api-tokens';
import { CreditsService, insufficientCredits, LedgerReason } from '../credits';
import { CHARGE_STATEMENTS, IDEMPOTENCY_WINDOW, REFUSED_BY_API_TOKEN, REFUSED_INSUFFICIENT_CREDITS } from './charge-statement';
import { CONSUMPTION_LOG_LENGTHS, CallSource, ConsumptionStatus } from './consumption-log.entity';
import { IDEMPOTENCY_KEY_LENGTHS } from './idempotency-record.entity';

export { CallSource };

export interface ChargeRequest {
  userId: string;
  credits: number;
  feature: string;
  source: CallSource;
  apiTokenId: string | null;
  /** Only for URL submissions, never for uploads. */
  imageUrl?: string | null;
  /** Client-supplied, unique per user for 24 h. */
  idempotencyKey?: string | null;
  /** Hash of the call's parameters; the same key with another fingerprint → CONFLICT. */
  requestFingerprint: string;
}

export type ChargeOutcome =
  | { kind: 'charged'; consumptionId: string; creditsCharged: number; balanceAfter: number }
  | { kind: 'replay'; consumptionId: string; creditsCharged: number; balanceAfter: number; result: unknown };

export interface MeteringOptions {
  /** How long a call waits for an earlier call with its idempotency key to finish before IDEMPOTENCY_IN_PROGRESS. */
  inProgressWaitMs?: number;
  pollIntervalMs?: number;
  /** PENDING calls older than this are refunded by refundStalePending (STALE_CALL_REFUND_MINUTES). */
  staleCallRefundMs?: number;
}

/** The error code a call refunded by the sweeper gets: it never reported success or failure. */
export const ABANDONED = 'ABANDONED';
const DEFAULT_STALE_CALL_REFUND_MS = 15 * 60_000;
/** PostgreSQL gave up a statement to break a lock cycle; a charge statement is safe to run again. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);
const CHARGE_ATTEMPTS = 3;
const { key: MAX_KEY_LENGTH, fingerprint: MAX_FINGERPRINT_LENGTH } = IDEMPOTENCY_KEY_LENGTHS;
const { feature: MAX_FEATURE_LENGTH, imageUrl: MAX_IMAGE_URL_LENGTH, errorCode: MAX_ERROR_CODE_LENGTH } = CONSUMPTION_LOG_LENGTHS;

interface KeyRecord {
  fingerprint: string;
  result: unknown;
  consumptionId: string;
  status: ConsumptionStatus;
  credits: number;
  balanceAfter: number | null;
}

type Charged = Extract<ChargeOutcome, { kind: 'charged' }>;

interface ChargeRow {
  consumptionId: string;
  claimed: boolean;
  balanceAfter: number | null;
}

interface ConsumptionRow {
  id: string;
  user_id: string | null;
  credits: number;
  api_token_id: string | null;
  created_at: Date;
  status: ConsumptionStatus;
}

/**
 * The one way a paid feature spends credits. A call is charged up front (`charge`), then either
 * `succeed`s or is `refund`ed. Every charge is one SQL statement (charge-statement.ts), sent as a
 * prepared statement in one round trip: the token's monthly cap, the conditional balance update
 * with its CONSUMPTION ledger row, the PENDING log row, its usage rollups and the idempotency key
 * commit together or not at all.
 *
 * Idempotency: the first call with a key claims it (the unique key serialises concurrent
 * retries inside PostgreSQL). Later calls with the same key and fingerprint charge nothing:
 * they wait up to `inProgressWaitMs` for the first call to finish and replay its stored result,
 * or answer IDEMPOTENCY_IN_PROGRESS if it is still running. A refund releases the key, so
 * retrying a failed call runs (and charges) again; its first charge was given back.
 */
export class MeteringService {
  private readonly inProgressWaitMs: number;
  private readonly pollIntervalMs: number;
  private readonly staleCallRefundMs: number;
  /** Subqueries of consumption ids whose money another module settles itself (jobs): never ABANDONED. */
  private readonly settledElsewhere: string[] = [];
  /** The pg pool under TypeORM: the charge runs as a named (prepared) statement. */
  private readonly pool: Pool;

  constructor(
    private readonly dataSource: DataSource,
    private readonly credits: CreditsService,
    private readonly apiTokens: ApiTokensService,
    private readonly clock: Clock,
    private readonly events: EventBus,
    options: MeteringOptions = {},
  ) {
    this.inProgressWaitMs = options.inProgressWaitMs ?? 5_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.staleCallRefundMs = options.staleCallRefundMs ?? DEFAULT_STALE_CALL_REFUND_MS;
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  /**
   * Charges `credits` or throws INSUFFICIENT_CREDITS / SPEND_LIMIT_REACHED (nothing written),
   * CONFLICT (key reused with other parameters) or IDEMPOTENCY_IN_PROGRESS.
   */
  async charge(req: ChargeRequest): Promise<ChargeOutcome> {
    this.check(req);
    const deadline = Date.now() + this.inProgressWaitMs;
    for (;;) {
      const charged = await this.chargeOnce(req);
      if (charged) {
        if (charged.creditsCharged > 0) {
          this.events.emit('credits.spent', { userId: req.userId, balanceAfter: charged.balanceAfter });
        }
        return charged;
      }
      const replay = await this.awaitEarlierCall(req, deadline);
      if (replay) return replay;
      // The earlier call was refunded (or its key expired) meanwhile: claim the key again.
    }
  }

  /**
   * The charge as part of the caller's transaction (a job's charge commits with the job row and its
   * queue entry): the same statement on the transaction's connection. Returns null when the
   * idempotency key is held by an earlier call (see `keyHolder`); emits credits.spent only once
   * the caller says the transaction committed (`committed`).
   */
  async chargeWithin(manager: EntityManager, req: ChargeRequest): Promise<(Charged & { committed(): void }) | null> {
    this.check(req);
    const client = connectionOf(manager);
    const charged = await this.chargeOnce(req, (name, text, values) => client.query({ name, text, values }));
    if (!charged) return null;
    const committed = () => {
      if (charged.creditsCharged > 0) this.events.emit('credits.spent', { userId: req.userId, balanceAfter: charged.balanceAfter });
    };
    return { ...charged, committed };
  }

  /** The consumption that holds a live idempotency key; CONFLICT when it was used with other parameters. */
  async keyHolder(userId: string, key: string, fingerprint: string): Promise<string | null> {
    const record = await this.readKey(userId, key);
    if (!record) return null;
    if (record.fingerprint !== fingerprint) throw conflict('This idempotency key was already used for a call with other parameters');
    return record.consumptionId;
  }

  /** Marks the call done; `result` is kept for replays only when the call had an idempotency key. */
  async succeed(
    consumptionId: string,
    outcome: { durationMs: number; result?: unknown },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const result = outcome.result === undefined ? null : JSON.stringify(outcome.result);
    // One statement: a waiting retry sees SUCCEEDED and the result together.
    const [{ updated }] = await manager.query(
      `WITH done AS (
         UPDATE consumption_logs SET status = 'SUCCEEDED', duration_ms = $2
         WHERE id = $1 AND status = 'PENDING' RETURNING id),
       kept AS (
         UPDATE idempotency_keys SET result = $3::jsonb
         WHERE $3::jsonb IS NOT NULL AND consumption_id IN (SELECT id FROM done))
       SELECT count(*)::int AS updated FROM done`,
      [consumptionId, duration(outcome.durationMs), result],
    );
    if (updated === 0) await this.explainNotPending(manager, consumptionId, 'completed');
  }

  /** Gives the credits of a failed call back, at most once (see refundLocked); within `manager`'s transaction when given. */
  async refund(
    consumptionId: string,
    outcome: { errorCode: string; durationMs: number },
    within?: EntityManager,
  ): Promise<{ balanceAfter: number }> {
    const run = <T>(work: (manager: EntityManager) => Promise<T>) => (within ? work(within) : this.dataSource.transaction(work));
    return run(async (manager) => {
      const [row]: ConsumptionRow[] = await manager.query(
        'SELECT id, user_id, credits, api_token_id, created_at, status FROM consumption_logs WHERE id = $1 FOR UPDATE',
        [consumptionId],
      );
      if (!row) throw notFound('Consumption');
      return this.refundLocked(manager, row, { errorCode: outcome.errorCode, durationMs: duration(outcome.durationMs) });
    });
  }

  /**
   * The sweeper for calls a crash left PENDING between charge and succeed/refund: refunds every
   * PENDING call older than `olderThanMs` (default STALE_CALL_REFUND_MINUTES) with error code
   * ABANDONED, one call per transaction (a backlog never holds many accounts' locks at once). Safe with several server processes running it at once:
   * each call is claimed with FOR UPDATE SKIP LOCKED, so a call being refunded or completed right
   * now by someone else is skipped, and a call refunded meanwhile is no longer PENDING.
   * Returns how many calls it refunded.
   */
  /**
   * Leaves the calls a module settles itself out of refundStalePending: `sql` selects their
   * consumption ids (a queued job may wait longer than STALE_CALL_REFUND_MINUTES; the jobs module expires and refunds it).
   */
  excludeFromStaleSweep(sql: string): void {
    this.settledElsewhere.push(sql);
  }

  async refundStalePending(olderThanMs: number = this.staleCallRefundMs): Promise<number> {
    const excluded = this.settledElsewhere.map((sql) => ` AND id NOT IN (${sql})`).join('');
    const cutoff = new Date(this.clock.now().getTime() - olderThanMs);
    let refunded = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        const [row]: ConsumptionRow[] = await manager.query(
          `SELECT id, user_id, credits, api_token_id, created_at, status FROM consumption_logs
           WHERE status = 'PENDING' AND created_at < $1${excluded}
           ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [cutoff],
        );
        if (!row) return false;
        if (row.user_id) {
          await this.refundLocked(manager, row, { errorCode: ABANDONED, durationMs: null });
        } else {
          // The account was deleted meanwhile: there is no balance to give back to (FAILED: ended without a refund).
          await manager.query(`UPDATE consumption_logs SET status = 'FAILED', error_code = $2 WHERE id = $1`, [row.id, ABANDONED]);
        }
        return true;
      });
      if (!done) return refunded;
      refunded++;
    }
  }

  /**
   * Erasure (seed 001 §6): the user's calls stay for platform totals without who made them or
   * which image they were about; their stored results go. The rollups follow through their
   * triggers (the calls move to the anonymous rows and stop counting as an active user).
   */
  async anonymiseUser(userId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    await manager.query(`DELETE FROM idempotency_keys WHERE user_id = $1`, [userId]);
    const [, anonymised] = await manager.query(`UPDATE consumption_logs SET user_id = NULL, image_url = NULL WHERE user_id = $1`, [userId]);
    return anonymised ?? 0;
  }

  /** Deletes idempotency keys (and the results they keep) older than 24 hours. */
  async purgeExpiredIdempotencyRecords(): Promise<number> {
    const [, deleted] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at <= $1::timestamptz - ${IDEMPOTENCY_WINDOW}`,
      [this.clock.now()],
    );
    return deleted ?? 0;
  }

  /** One charge attempt; null when the idempotency key is held by an earlier, live call. */
  private async chargeOnce(
    req: ChargeRequest,
    run: (name: string, text: string, values: unknown[]) => Promise<QueryResult<ChargeRow>> = (name, text, values) =>
      this.prepared(name, text, values),
  ): Promise<Charged | null> {
    const shape = `${req.idempotencyKey ? 'key' : 'plain'}-${req.apiTokenId ? 'token' : 'session'}` as const;
    const values: unknown[] = [req.userId, req.credits, req.feature, req.source, req.apiTokenId, req.imageUrl ?? null, this.clock.now()];
    if (req.idempotencyKey) values.push(req.idempotencyKey, req.requestFingerprint);
    let result: QueryResult<ChargeRow>;
    try {
      result = await run(`metering-charge-${shape}`, CHARGE_STATEMENTS[shape], values);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === REFUSED_INSUFFICIENT_CREDITS) throw insufficientCredits();
      if (code === REFUSED_BY_API_TOKEN) throw await this.apiTokens.refusal(req.apiTokenId!, req.userId);
      throw error;
    }
    const [row] = result.rows;
    if (!row.claimed) return null;
    return { kind: 'charged', consumptionId: row.consumptionId, creditsCharged: req.credits, balanceAfter: row.balanceAfter ?? 0 };
  }

  /** A named statement (parsed and planned once per connection), retried when PostgreSQL broke a deadlock. */
  private async prepared<R extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<QueryResult<R>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pool.query<R>({ name, text, values });
      } catch (error) {
        if (attempt >= CHARGE_ATTEMPTS || !RETRYABLE_SQLSTATES.has((error as { code?: string }).code ?? '')) throw error;
      }
    }
  }

  /**
   * Gives a locked consumption's credits back once: a REFUND ledger row whose reference is the
   * consumption id (the ledger's unique (reason, reference) index makes a second refund
   * impossible), the log row turns REFUNDED (its rollups follow) and the token's monthly count
   * drops again. Refunded calls cost nothing, so analytics do not count their credits as spent.
   */
  private async refundLocked(
    manager: EntityManager,
    row: ConsumptionRow,
    outcome: { errorCode: string; durationMs: number | null },
  ): Promise<{ balanceAfter: number }> {
    if (row.status === ConsumptionStatus.REFUNDED) throw conflict('This call was already refunded');
    if (!row.user_id) throw conflict('The account of this call was deleted');
    // Lock order consumption → key → token → user → rollups; charge takes key → token → user →
    // rollups, succeed() consumption → key: no two of them wait on each other in a cycle.
    await manager.query('DELETE FROM idempotency_keys WHERE consumption_id = $1', [row.id]);
    if (row.api_token_id) {
      await this.apiTokens.releaseSpend(manager, { tokenId: row.api_token_id, credits: row.credits, chargedAt: row.created_at });
    }
    const balanceAfter =
      row.credits > 0
        ? (
            await this.credits.apply(
              { userId: row.user_id, delta: row.credits, reason: LedgerReason.REFUND, reference: row.id },
              manager,
            )
          ).balanceAfter
        : await this.balance(manager, row.user_id);
    await manager.query(`UPDATE consumption_logs SET status = 'REFUNDED', error_code = $2, duration_ms = $3 WHERE id = $1`, [
      row.id,
      outcome.errorCode.slice(0, MAX_ERROR_CODE_LENGTH),
      outcome.durationMs,
    ]);
    return { balanceAfter };
  }

  /** Replays the earlier call with this key once it finished; null when the key was released. */
  private async awaitEarlierCall(req: ChargeRequest, deadline: number): Promise<ChargeOutcome | null> {
    for (;;) {
      const record = await this.readKey(req.userId, req.idempotencyKey!);
      if (!record) return null;
      if (record.fingerprint !== req.requestFingerprint) {
        throw conflict('This idempotency key was already used for a call with other parameters');
      }
      if (record.status !== ConsumptionStatus.PENDING) {
        return {
          kind: 'replay',
          consumptionId: record.consumptionId,
          creditsCharged: record.credits,
          balanceAfter: record.balanceAfter ?? (await this.credits.balance(req.userId)),
          result: record.result,
        };
      }
      if (Date.now() >= deadline) {
        throw new AppError(ErrorCode.IDEMPOTENCY_IN_PROGRESS, 'A call with this idempotency key is still running; retry shortly', {
          retryAfter: 1,
        });
      }
      await sleep(this.pollIntervalMs);
    }
  }

  private async readKey(userId: string, key: string): Promise<KeyRecord | null> {
    const rows: KeyRecord[] = await this.dataSource.query(
      `SELECT k.fingerprint, k.result, k.consumption_id AS "consumptionId", c.status, c.credits,
              l.balance_after AS "balanceAfter"
       FROM idempotency_keys k
       JOIN consumption_logs c ON c.id = k.consumption_id
       LEFT JOIN credit_ledger l ON l.reason = 'CONSUMPTION' AND l.reference = k.consumption_id::text
       WHERE k.user_id = $1 AND k.key = $2 AND k.created_at > $3::timestamptz - ${IDEMPOTENCY_WINDOW}`,
      [userId, key, this.clock.now()],
    );
    return rows[0] ?? null;
  }

  private async explainNotPending(manager: EntityManager, consumptionId: string, action: string): Promise<never> {
    const [row] = await manager.query('SELECT status FROM consumption_logs WHERE id = $1', [consumptionId]);
    if (!row) throw notFound('Consumption');
    throw conflict(`This call cannot be ${action}: it is already ${row.status}`);
  }

  private async balance(manager: EntityManager, userId: string): Promise<number> {
    const [row] = await manager.query('SELECT credits FROM users WHERE id = $1', [userId]);
    return row?.credits ?? 0;
  }

  /** Caller mistakes in code are plain errors; the client-supplied fields get BAD_USER_INPUT. */
  private check(req: ChargeRequest): void {
    if (!Number.isInteger(req.credits) || req.credits < 0) throw new Error(`credits must be a non-negative integer, got ${req.credits}`);
    if (!req.feature || req.feature.length > MAX_FEATURE_LENGTH) throw new Error(`feature must be 1–${MAX_FEATURE_LENGTH} characters`);
    if (!req.requestFingerprint || req.requestFingerprint.length > MAX_FINGERPRINT_LENGTH) {
      throw new Error(`requestFingerprint must be 1–${MAX_FINGERPRINT_LENGTH} characters`);
    }
    if (req.source !== CallSource.API && req.source !== CallSource.DASHBOARD) throw new Error(`unknown source ${req.source}`);
    const key = req.idempotencyKey;
    if (key !== null && key !== undefined && (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key))) {
      throw badInput('idempotencyKey', `The idempotency key must be 1–${MAX_KEY_LENGTH} visible ASCII characters`);
    }
    if (req.imageUrl && req.imageUrl.length > MAX_IMAGE_URL_LENGTH) {
      throw badInput('imageUrl', `The image URL must be at most ${MAX_IMAGE_URL_LENGTH} characters`);
    }
  }
}

function duration(ms: number): number {
  return Number.isFinite(ms) ? Math.min(Math.max(0, Math.round(ms)), 2_147_483_647) : 0;
}
