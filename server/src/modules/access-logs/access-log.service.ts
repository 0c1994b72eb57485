import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/logger';

export interface AccessLogEntry {
  ip: string;
  method: string;
  /** Path only: query strings can carry secrets and are never stored. */
  path: string;
  status: number;
  userId: string | null;
  userAgent: string | null;
  durationMs: number;
}

export interface AccessLogRow {
  createdAt: Date;
  ip: string;
  method: string;
  path: string;
  status: number;
  userAgent: string | null;
}

/** Buffered lines are written together at least this often… */
const FLUSH_EVERY_MS = 1000;
/** …or as soon as this many are waiting. */
const MAX_BATCH = 500;

/** A line as the `access_logs` table holds it. */
export interface AccessLogLine {
  created_at: Date;
  ip: string;
  method: string;
  path: string;
  status: number;
  user_id: string | null;
  user_agent: string | null;
  duration_ms: number;
}

/** A line as the batch INSERT reads it (json_to_recordset); `n` keeps the batch's order. */
type BufferedLine = AccessLogLine & { n: number };

/**
 * Web server logs (seed 001 §1.5): who called what and when, kept 90 days for security
 * monitoring (§6). Never request bodies, cookies or authorization headers.
 *
 * Lines are buffered and written in one multi-row INSERT per second (or per 500 lines): one
 * INSERT and commit per request cost the `me` benchmark more than the query it logged. A crash
 * loses at most the last second of lines; shutdown flushes them.
 */
export class AccessLogService {
  private readonly pending = new Set<Promise<void>>();
  private buffer: BufferedLine[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Written after the response left, so logging never slows or fails a request. */
  record(entry: AccessLogEntry): void {
    this.buffer.push({
      n: this.buffer.length,
      created_at: this.clock.now(),
      ip: entry.ip.slice(0, 64),
      method: entry.method.slice(0, 10),
      path: entry.path.slice(0, 2048),
      status: entry.status,
      user_id: entry.userId,
      user_agent: entry.userAgent?.slice(0, 512) ?? null,
      duration_ms: Math.max(0, Math.round(entry.durationMs)),
    });
    if (this.buffer.length >= MAX_BATCH) void this.writeBuffered();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.writeBuffered(), FLUSH_EVERY_MS);
      this.timer.unref();
    }
  }

  /**
   * One INSERT for the whole batch. A line whose user erased the account meanwhile (in this
   * process or another) is written without the user link, as erasure left the older lines.
   */
  private writeBuffered(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return Promise.resolve();
    // One JSON parameter: JSON.stringify is native and cheap, where eight array parameters made
    // pg escape every element in JavaScript.
    const write = this.dataSource
      .query(
        `INSERT INTO access_logs (created_at, ip, method, path, status, user_id, user_agent, duration_ms)
         SELECT e.created_at, e.ip, e.method, e.path, e.status,
                CASE WHEN u.id IS NOT NULL AND u.deleted_at IS NULL THEN e.user_id END, e.user_agent, e.duration_ms
         FROM json_to_recordset($1::json)
              AS e(n int, created_at timestamptz, ip varchar, method varchar, path varchar, status smallint, user_id uuid, user_agent varchar, duration_ms int)
         LEFT JOIN users u ON u.id = e.user_id
         ORDER BY e.n`,
        [JSON.stringify(batch)],
      )
      .then(
        () => undefined,
        (error) => this.logger.error({ err: error, lines: batch.length }, 'could not write the access log'),
      )
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
    return write;
  }

  /** Writes what is buffered now and waits for every write in flight (export, tests, shutdown). */
  async flush(): Promise<void> {
    await this.writeBuffered();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** The user's own log lines for the data export (the IP and user agent are theirs). */
  async forUser(userId: string): Promise<AccessLogRow[]> {
    await this.flush();
    return this.dataSource.query(
      `SELECT created_at AS "createdAt", ip, method, path, status, user_agent AS "userAgent"
       FROM access_logs WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );
  }

  /** Account erasure: log lines stay for security monitoring until purged, without the link. */
  async unlinkUser(userId: string, manager: EntityManager): Promise<number> {
    const [, count] = await manager.query(`UPDATE access_logs SET user_id = NULL WHERE user_id = $1`, [userId]);
    return count ?? 0;
  }

  async deleteCreatedBefore(cutoff: Date): Promise<number> {
    const [, count] = await this.dataSource.query(`DELETE FROM access_logs WHERE created_at < $1`, [cutoff]);
    return count ?? 0;
  }
}
