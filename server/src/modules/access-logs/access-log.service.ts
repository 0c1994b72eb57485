import type { EntityManager } from 'typeorm';
import type { AppServices } from '../../core/services';

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

/**
 * Web server logs (seed 001 §1.5): who called what and when, kept 90 days for security
 * monitoring (§6). Never request bodies, cookies or authorization headers.
 */
export class AccessLogService {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly services: AppServices) {}

  /** Written after the response left, so logging never slows or fails a request. */
  record(entry: AccessLogEntry): void {
    const write = this.services.dataSource
      .query(
        `INSERT INTO access_logs (created_at, ip, method, path, status, user_id, user_agent, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          this.services.clock.now(),
          entry.ip.slice(0, 64),
          entry.method.slice(0, 10),
          entry.path.slice(0, 2048),
          entry.status,
          entry.userId,
          entry.userAgent?.slice(0, 512) ?? null,
          Math.max(0, Math.round(entry.durationMs)),
        ],
      )
      .then(
        () => undefined,
        (error) => this.services.logger.error({ err: error }, 'could not write the access log'),
      )
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Waits for writes in flight (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** The user's own log lines for the data export (the IP and user agent are theirs). */
  async forUser(userId: string): Promise<AccessLogRow[]> {
    return this.services.dataSource.query(
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
    const [, count] = await this.services.dataSource.query(`DELETE FROM access_logs WHERE created_at < $1`, [cutoff]);
    return count ?? 0;
  }
}
