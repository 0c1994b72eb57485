import type { Pool } from 'pg';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../../core/clock';
import { AppError, ErrorCode, badInput, conflict, notFound } from '../../core/errors';
import { EventBus } from '../../core/events';
import { Logger } from '../../core/logger';
import type { BearerTokenVerifier } from '../auth';
import { ApiToken, CreatedApiToken } from './api-token.entity';
import { generateSecret, hashSecret, looksLikeSecret } from './token-secret';

/** Seed 001 §1.4: at most this many usable tokens per account. */
export const MAX_ACTIVE_TOKENS = 10;
/** lastUsedAt is a hint for the user, not an audit trail: one write per token per minute is plenty. */
const LAST_USED_RESOLUTION_MS = 60_000;
const TOUCH_MEMORY_LIMIT = 10_000;
/** The token list shows every usable token and only this many revoked or expired ones (newest first). */
export const LISTED_INACTIVE_TOKENS = 50;

/**
 * The token side of a charge as one UPDATE: counts the credits against the token's monthly cap
 * (UTC calendar month of `now`), atomically — the row lock serialises concurrent charges and the
 * WHERE clause re-checks the cap on the locked row — and refuses a token revoked or expired since
 * the request was authenticated. No row returned = refused. `reserveSpend` runs it alone;
 * MeteringService embeds it in its one-statement charge. Placeholders are SQL expressions.
 */
export function reserveSpendSql(p: { tokenId: string; userId: string; credits: string; now: string; also?: string }): string {
  const month = `date_trunc('month', (${p.now})::timestamptz AT TIME ZONE 'UTC')::date`;
  const spentBefore = `(CASE WHEN spend_month = ${month} THEN spent_in_month ELSE 0 END)`;
  return `UPDATE api_tokens
       SET spent_in_month = ${spentBefore} + (${p.credits})::int, spend_month = ${month}
       WHERE id = (${p.tokenId})::uuid AND user_id = (${p.userId})::uuid
         AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > (${p.now})::timestamptz)
         AND (spend_limit IS NULL OR ${spentBefore} + (${p.credits})::int <= spend_limit)${p.also ? `
         AND ${p.also}` : ''}
       RETURNING id`;
}

/** The bearer lookup of every API call; also run as-is by the paid-call benchmark's pgbench script. */
export const VERIFY_TOKEN_SQL = `SELECT id, user_id, last_used_at FROM api_tokens
       WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`;

export const spendLimitReached = (spendLimit: number, spentThisMonth: number) =>
  new AppError(
    ErrorCode.SPEND_LIMIT_REACHED,
    `This call would pass the API token's monthly spend limit of ${spendLimit} credits (${spentThisMonth} spent this month)`,
    { spendLimit, spentThisMonth },
  );
const tokenUnusable = () => new AppError(ErrorCode.UNAUTHENTICATED, 'The API token is unknown, revoked or expired');

/** First day of the UTC month of `date`, as the `date` column stores it. */
export function monthStart(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

export class ApiTokensService implements BearerTokenVerifier {
  /** tokenId → when this process last wrote (or saw) its lastUsedAt, so hot paths skip the write. */
  private readonly lastTouched = new Map<string, number>();
  /** The pg pool under TypeORM: the bearer lookup runs as a named (prepared) statement. */
  private readonly pool: Pool;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  private get repo() {
    return this.dataSource.getRepository(ApiToken);
  }

  isActive(token: Pick<ApiToken, 'revokedAt' | 'expiresAt'>): boolean {
    return !token.revokedAt && (!token.expiresAt || token.expiresAt.getTime() > this.clock.now().getTime());
  }

  spentThisMonth(token: Pick<ApiToken, 'spendMonth' | 'spentInMonth'>): number {
    return token.spendMonth === monthStart(this.clock.now()) ? token.spentInMonth : 0;
  }

  /** All of the user's tokens, revoked and expired ones included, newest first (data export). */
  list(userId: string): Promise<ApiToken[]> {
    return this.repo.find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /**
   * The dashboard list, bounded however many tokens were ever revoked: every usable token (at
   * most MAX_ACTIVE_TOKENS) and the newest LISTED_INACTIVE_TOKENS revoked or expired ones,
   * newest first. Each half is one index range scan that stops early.
   */
  async listForOwner(userId: string): Promise<ApiToken[]> {
    const now = this.clock.now();
    const active = `revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`;
    const ids: Array<{ id: string }> = await this.dataSource.query(
      `(SELECT id, created_at FROM api_tokens WHERE user_id = $1 AND ${active})
       UNION ALL
       (SELECT id, created_at FROM api_tokens WHERE user_id = $1 AND NOT (${active})
        ORDER BY created_at DESC, id DESC LIMIT $3)
       ORDER BY created_at DESC, id DESC`,
      [userId, now, LISTED_INACTIVE_TOKENS],
    );
    if (ids.length === 0) return [];
    const tokens = await this.repo.findBy({ id: In(ids.map((row) => row.id)) });
    const byId = new Map(tokens.map((token) => [token.id, token]));
    return ids.map((row) => byId.get(row.id)).filter((token): token is ApiToken => token !== undefined);
  }

  async create(userId: string, input: { name: string; expiresAt?: Date | null; spendLimit?: number | null }): Promise<CreatedApiToken> {
    const name = this.cleanName(input.name);
    const now = this.clock.now();
    if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
      throw badInput('expiresAt', 'expiresAt must be in the future');
    }
    const { secret, hash, prefix } = generateSecret();
    const token = await this.dataSource.transaction(async (manager) => {
      // Serialise creations per user so two parallel requests cannot both take the 10th slot.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('api_tokens:' || $1, 0))`, [userId]);
      const [{ active }] = await manager.query(
        `SELECT count(*)::int AS active FROM api_tokens
         WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
        [userId, now],
      );
      if (active >= MAX_ACTIVE_TOKENS) {
        throw new AppError(
          ErrorCode.LIMIT_EXCEEDED,
          `You already have ${MAX_ACTIVE_TOKENS} active API tokens; revoke one before creating another`,
          { limit: MAX_ACTIVE_TOKENS },
        );
      }
      const repo = manager.getRepository(ApiToken);
      return repo.save(
        repo.create({ userId, name, tokenHash: hash, prefix, expiresAt: input.expiresAt ?? null, spendLimit: input.spendLimit ?? null }),
      );
    });
    this.events.emit('apiToken.created', { userId, tokenId: token.id, name: token.name });
    return { secret, token };
  }

  async rename(userId: string, id: string, name: string): Promise<ApiToken> {
    const [rows] = await this.dataSource.query(
      `UPDATE api_tokens SET name = $3 WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, userId, this.cleanName(name)],
    );
    if (rows.length === 0) throw notFound('API token');
    return this.get(userId, id);
  }

  async setSpendLimit(userId: string, id: string, spendLimit: number | null): Promise<ApiToken> {
    const [rows] = await this.dataSource.query(
      `UPDATE api_tokens SET spend_limit = $3 WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, userId, spendLimit],
    );
    if (rows.length === 0) throw notFound('API token');
    return this.get(userId, id);
  }

  /** Revoking twice is harmless: the first revocation time is kept. */
  async revoke(userId: string, id: string): Promise<ApiToken> {
    const [rows] = await this.dataSource.query(
      `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, userId, this.clock.now()],
    );
    if (rows.length === 0) throw notFound('API token');
    return this.get(userId, id);
  }

  /**
   * Deletes the token for good (seed 001 §6: tokens are deleted on request). Its consumption log
   * rows stay, with the token reference cleared by the foreign key.
   */
  async delete(userId: string, id: string): Promise<void> {
    const [, deleted] = await this.dataSource.query('DELETE FROM api_tokens WHERE id = $1 AND user_id = $2', [id, userId]);
    if (!deleted) throw notFound('API token');
    this.lastTouched.delete(id);
  }

  /**
   * Replaces the secret in place: the old hash is overwritten in the same statement, so the old
   * secret fails from the next request on (no cache to expire). Name, cap and history stay.
   */
  async rotate(userId: string, id: string): Promise<CreatedApiToken> {
    const { secret, hash, prefix } = generateSecret();
    const [rows] = await this.dataSource.query(
      `UPDATE api_tokens SET token_hash = $3, prefix = $4, last_used_at = NULL
       WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $5)
       RETURNING id`,
      [id, userId, hash, prefix, this.clock.now()],
    );
    if (rows.length === 0) {
      await this.get(userId, id); // NOT_FOUND when it is not the caller's
      throw conflict('A revoked or expired API token cannot be rotated; create a new one');
    }
    this.lastTouched.delete(id);
    const token = await this.get(userId, id);
    // A new secret is a security event like a new token: the owner is told either way.
    this.events.emit('apiToken.created', { userId, tokenId: token.id, name: token.name, rotated: true });
    return { secret, token };
  }

  /** The bearer hook of AuthService: unknown, revoked and expired secrets all answer null. */
  async verify(secret: string): Promise<{ userId: string; tokenId: string } | null> {
    if (!looksLikeSecret(secret)) return null;
    const now = this.clock.now();
    const { rows } = await this.pool.query<{ id: string; user_id: string; last_used_at: Date | null }>({
      name: 'api-tokens-verify',
      text: VERIFY_TOKEN_SQL,
      values: [hashSecret(secret), now],
    });
    const token = rows[0];
    if (!token) return null;
    await this.touch(token.id, token.last_used_at, now);
    return { userId: token.user_id, tokenId: token.id };
  }

  /**
   * Counts a charge against the token's monthly cap (reserveSpendSql) inside the caller's
   * transaction, or throws SPEND_LIMIT_REACHED / UNAUTHENTICATED.
   */
  async reserveSpend(manager: EntityManager, charge: { tokenId: string; userId: string; credits: number }): Promise<void> {
    const [rows] = await manager.query(reserveSpendSql({ tokenId: '$1', userId: '$2', credits: '$3', now: '$4' }), [
      charge.tokenId,
      charge.userId,
      charge.credits,
      this.clock.now(),
    ]);
    if (rows.length > 0) return;
    throw await this.refusal(charge.tokenId, charge.userId, manager);
  }

  /** Why reserveSpendSql refused: the cap (SPEND_LIMIT_REACHED) or an unusable token (UNAUTHENTICATED). */
  async refusal(tokenId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<AppError> {
    const [token]: Array<Pick<ApiToken, 'revokedAt' | 'expiresAt' | 'spendMonth' | 'spentInMonth'> & { spendLimit: number | null }> =
      await manager.query(
        `SELECT revoked_at AS "revokedAt", expires_at AS "expiresAt", spend_month::text AS "spendMonth",
                spent_in_month AS "spentInMonth", spend_limit AS "spendLimit"
         FROM api_tokens WHERE id = $1 AND user_id = $2`,
        [tokenId, userId],
      );
    if (!token || !this.isActive(token) || token.spendLimit === null) return tokenUnusable();
    return spendLimitReached(token.spendLimit, this.spentThisMonth(token));
  }

  /** Gives refunded credits back to the cap, if they were counted in the month still being counted. */
  async releaseSpend(manager: EntityManager, refund: { tokenId: string; credits: number; chargedAt: Date }): Promise<void> {
    await manager.query(
      `UPDATE api_tokens SET spent_in_month = GREATEST(spent_in_month - $2, 0)
       WHERE id = $1 AND spend_month = $3::date`,
      [refund.tokenId, refund.credits, monthStart(refund.chargedAt)],
    );
  }

  private async get(userId: string, id: string): Promise<ApiToken> {
    const token = await this.repo.findOneBy({ id, userId });
    if (!token) throw notFound('API token');
    return token;
  }

  private cleanName(raw: string): string {
    const name = raw.trim();
    if (!name) throw badInput('name', 'name must not be blank');
    return name;
  }

  /**
   * Writes lastUsedAt at most once a minute per token. The in-process map keeps the hot path
   * free of writes; the conditional UPDATE keeps several processes from writing more often.
   */
  private async touch(tokenId: string, lastUsedAt: Date | null, now: Date): Promise<void> {
    const nowMs = now.getTime();
    const known = Math.max(this.lastTouched.get(tokenId) ?? -Infinity, lastUsedAt?.getTime() ?? -Infinity);
    if (nowMs - known < LAST_USED_RESOLUTION_MS) {
      if (!this.lastTouched.has(tokenId)) this.remember(tokenId, known);
      return;
    }
    this.remember(tokenId, nowMs);
    try {
      await this.dataSource.query(
        `UPDATE api_tokens SET last_used_at = $2
         WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $2::timestamptz - interval '1 minute')`,
        [tokenId, now],
      );
    } catch (error) {
      // A missed lastUsedAt must never fail the caller's request.
      this.logger.warn({ err: error, tokenId }, 'could not record API token use');
    }
  }

  private remember(tokenId: string, atMs: number): void {
    if (this.lastTouched.size >= TOUCH_MEMORY_LIMIT) {
      const cutoff = this.clock.now().getTime() - LAST_USED_RESOLUTION_MS;
      for (const [id, at] of this.lastTouched) if (at < cutoff) this.lastTouched.delete(id);
      if (this.lastTouched.size >= TOUCH_MEMORY_LIMIT) this.lastTouched.clear();
    }
    this.lastTouched.set(tokenId, atMs);
  }
}
