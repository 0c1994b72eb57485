import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import jwt from 'jsonwebtoken';
import { KeyObject, createSecretKey } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { Config } from '../../core/config';
import { notFound } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { browserSummary } from './browser-summary';
import { UserSession } from './user-session.entity';
import { ViewerCache } from './viewer-cache';

export const SESSION_COOKIE = 'vg_session';
export const SESSION_REVOKED_CHANNEL = 'vg_session_revoked';

export interface SessionClaims {
  sub: string;
  /** The user's token version when the cookie was issued. */
  tv: number;
  /** The session row (user_sessions.id). */
  sid: string;
}

/** Verified sessions kept in memory, so a browser's repeated cookie is checked once, not per request. */
const VERIFIED_CACHE_SIZE = 10_000;
/** `last_seen_at` is written at most this often per session and process: a write per request would cost the hot path. */
export const LAST_SEEN_INTERVAL_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Server-side sessions (seed 001 §1.1, §5): each sign-in is a `user_sessions` row and an HS256 JWT
 * in an HttpOnly cookie that names it (`sid`). A request counts only while the row is neither
 * revoked nor expired. Whether it is live is kept in memory per session id and dropped as the
 * database announces a revocation (trigger → LISTEN, as the viewer cache), so logout on one
 * replica refuses the copied cookie on every replica within milliseconds, and a repeated cookie
 * costs no SQL. Cookies issued before sessions existed carry no `sid` and are refused.
 */
export class SessionService {
  /** A KeyObject: jsonwebtoken would otherwise try (and fail) to parse the secret as a PEM key on every call. */
  private readonly key: KeyObject;
  private readonly verified = new Map<string, { claims: SessionClaims; expiresAtMs: number }>();
  /** Live sessions by id (their owner), dropped on `vg_session_revoked`. */
  readonly live: ViewerCache<{ userId: string }>;
  private readonly lastSeenWritten = new Map<string, number>();
  private readonly pool: Pool;

  constructor(
    private readonly config: Config,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.live = new ViewerCache<{ userId: string }>(this.pool.options, config.viewerCacheTtlMs, logger, SESSION_REVOKED_CHANNEL);
  }

  /** Records a sign-in and returns its cookie. */
  async create(userId: string, tokenVersion: number, device: { ip: string | null; userAgent: string | null }): Promise<{ sessionId: string; cookie: string }> {
    const [row] = await this.dataSource.query(
      `INSERT INTO user_sessions (user_id, expires_at, ip, browser)
       VALUES ($1, now() + make_interval(secs => $2), $3, $4) RETURNING id`,
      [userId, this.config.sessionMaxAgeSeconds, device.ip?.slice(0, 64) ?? null, browserSummary(device.userAgent)],
    );
    // The browser's next request finds its new session in memory, not in the database.
    await this.live.through(row.id, async () => ({ userId }));
    this.lastSeenWritten.set(row.id, Date.now());
    return { sessionId: row.id, cookie: this.issueCookie(userId, row.id, tokenVersion) };
  }

  /** A cookie for an existing session (after the token version changed, e.g. a new password). */
  issueCookie(userId: string, sessionId: string, tokenVersion: number): string {
    const token = jwt.sign({ tv: tokenVersion, sid: sessionId }, this.key, {
      algorithm: 'HS256',
      subject: userId,
      expiresIn: this.config.sessionMaxAgeSeconds,
    });
    return serializeCookie(SESSION_COOKIE, token, this.cookieOptions(this.config.sessionMaxAgeSeconds));
  }

  clearCookie(): string {
    return serializeCookie(SESSION_COOKIE, '', { ...this.cookieOptions(0), expires: new Date(0) });
  }

  /**
   * The cookie's claims, or null when absent, forged, expired or without a session id. Whether
   * the session still counts is `isLive`; whether the user still may sign in is the caller's check.
   */
  read(cookieHeader: string | undefined): SessionClaims | null {
    if (!cookieHeader) return null;
    // Keyed by the whole Cookie header: a browser repeats it unchanged, so a hit skips parsing too.
    const cached = this.verified.get(cookieHeader);
    if (cached) {
      if (cached.expiresAtMs > Date.now()) return cached.claims;
      this.verified.delete(cookieHeader);
      return null;
    }
    const token = parseCookies(cookieHeader)[SESSION_COOKIE];
    if (!token) return null;
    try {
      const payload = jwt.verify(token, this.key, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (typeof payload.sub !== 'string' || typeof payload.tv !== 'number' || typeof payload.exp !== 'number') return null;
      if (typeof payload.sid !== 'string' || !UUID.test(payload.sid)) return null;
      const claims = { sub: payload.sub, tv: payload.tv, sid: payload.sid };
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(cookieHeader, { claims, expiresAtMs: payload.exp * 1000 });
      return claims;
    } catch {
      return null;
    }
  }

  /** Whether the cookie's session is neither revoked nor expired; notes the visit (at most once a minute). */
  async isLive(claims: SessionClaims): Promise<boolean> {
    const session = await this.live.through(claims.sid, async () => {
      const { rows } = await this.pool.query<{ userId: string }>({
        name: 'auth-live-session',
        text: 'SELECT user_id AS "userId" FROM user_sessions WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()',
        values: [claims.sid],
      });
      return rows[0] ?? null;
    });
    if (session?.userId !== claims.sub) return false;
    this.noteSeen(claims.sid);
    return true;
  }

  /** The user's live sessions, most recently used first. */
  list(userId: string): Promise<UserSession[]> {
    return this.dataSource
      .getRepository(UserSession)
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > now()', { userId })
      .orderBy('s.last_seen_at', 'DESC')
      .addOrderBy('s.id')
      .getMany();
  }

  /** Every session row of the user, ended ones too (data export). */
  all(userId: string): Promise<UserSession[]> {
    return this.dataSource.getRepository(UserSession).find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Ends one of the user's live sessions; another user's id or an ended session is NOT_FOUND. */
  async revoke(userId: string, sessionId: string): Promise<void> {
    const ended = await this.end(`id = $2 AND user_id = $1`, [userId, sessionId]);
    if (ended === 0) throw notFound('Session');
  }

  /** Ends every live session of the user but `keepId`; returns how many. */
  revokeOthers(userId: string, keepId: string, manager?: EntityManager): Promise<number> {
    return this.end(`user_id = $1 AND id <> $2`, [userId, keepId], manager);
  }

  /** Ends every live session of the user (disabled account, password change without a session). */
  revokeAll(userId: string, manager?: EntityManager): Promise<number> {
    return this.end(`user_id = $1`, [userId], manager);
  }

  /** Erasure: the rows go (their IP addresses with them); the delete is announced like a revocation. */
  async deleteAllOf(userId: string, manager: EntityManager): Promise<number> {
    const [rows] = await manager.query(`DELETE FROM user_sessions WHERE user_id = $1 RETURNING id`, [userId]);
    this.dropLocally(rows);
    return rows.length;
  }

  /** Retention: rows signed in before `cutoff` (they have long expired; a session is at most 7 days). */
  async purgeCreatedBefore(cutoff: Date): Promise<number> {
    const [, count] = await this.dataSource.query(`DELETE FROM user_sessions WHERE created_at < $1`, [cutoff]);
    return count ?? 0;
  }

  private async end(where: string, params: unknown[], manager: Pick<EntityManager, 'query'> = this.dataSource): Promise<number> {
    const [rows] = await manager.query(
      `UPDATE user_sessions SET revoked_at = now() WHERE ${where} AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      params,
    );
    this.dropLocally(rows);
    return rows.length;
  }

  /** This process need not wait for its own announcement (which also reaches every other one). */
  private dropLocally(rows: Array<{ id: string }>): void {
    for (const { id } of rows) this.live.invalidate(id);
  }

  private noteSeen(sessionId: string): void {
    const now = Date.now();
    const last = this.lastSeenWritten.get(sessionId);
    if (last !== undefined && now - last < LAST_SEEN_INTERVAL_MS) return;
    if (last === undefined && this.lastSeenWritten.size >= VERIFIED_CACHE_SIZE) this.lastSeenWritten.delete(this.lastSeenWritten.keys().next().value!);
    this.lastSeenWritten.set(sessionId, now);
    this.pool
      .query({ name: 'auth-session-seen', text: 'UPDATE user_sessions SET last_seen_at = now() WHERE id = $1', values: [sessionId] })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not note a session as seen'));
  }

  private cookieOptions(maxAge: number) {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.production,
      path: '/',
      maxAge,
    };
  }
}
