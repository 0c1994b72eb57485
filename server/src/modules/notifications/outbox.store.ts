import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { MailKind, MailMessage } from './mail.types';

export type OutboxStatus = 'HELD' | 'FAILED' | 'SENT';

export interface OutboxRow {
  id: string;
  user_id: string | null;
  kind: MailKind;
  to_address: string;
  subject: string;
  body: string;
  status: OutboxStatus;
  attempts: number;
  created_at: Date;
}

/** The `outbox` table: mail held without SMTP, and mail SMTP refused (kept for a retry). */
export class OutboxStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async store(message: MailMessage, status: OutboxStatus, error?: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO outbox (user_id, kind, to_address, subject, body, status, attempts, last_error, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [message.userId, message.kind, message.to, message.subject, message.text, status, status === 'FAILED' ? 1 : 0, error?.slice(0, 500) ?? null, this.clock.now()],
    );
  }

  /** Failed mail to retry, oldest first; rows are locked so two processes never send one twice. */
  async claimFailed(limit: number, maxAttempts: number, handle: (row: OutboxRow) => Promise<string | null>): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    await this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT * FROM outbox WHERE status = 'FAILED' AND attempts < $1
         ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [maxAttempts, limit],
      );
      for (const row of rows) {
        const error = await handle(row);
        if (error === null) {
          sent++;
          await manager.query(`UPDATE outbox SET status = 'SENT', attempts = attempts + 1, last_error = NULL, sent_at = $2 WHERE id = $1`, [row.id, this.clock.now()]);
        } else {
          failed++;
          await manager.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [row.id, error.slice(0, 500)]);
        }
      }
    });
    return { sent, failed };
  }

  /** Outbox rows hold addresses: kept 30 days (retention job), then deleted. */
  async deleteCreatedBefore(cutoff: Date): Promise<number> {
    const [, count] = await this.dataSource.query(`DELETE FROM outbox WHERE created_at < $1`, [cutoff]);
    return count ?? 0;
  }

  async forUser(userId: string): Promise<OutboxRow[]> {
    return this.dataSource.query(`SELECT * FROM outbox WHERE user_id = $1 ORDER BY created_at`, [userId]);
  }
}
