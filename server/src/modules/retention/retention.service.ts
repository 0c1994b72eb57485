import os from 'node:os';
import type { Platform } from '../../core/module';
import type { AccessLogService } from '../access-logs';
import type { SessionService } from '../auth';
import type { BillingService } from '../billing';
import type { MeteringService } from '../metering';
import type { NotificationService } from '../notifications';
import type { StoredResultsService } from '../stored-results';
import { RETENTION, daysBefore, yearsBefore } from './retention-policy';

/** One kind of data to purge; returns how many rows it deleted. */
export interface RetentionJob {
  name: string;
  run(now: Date): Promise<number>;
}

export type RunOutcome =
  | { ran: true; deleted: Record<string, number>; errors: Record<string, string> }
  | { ran: false; reason: 'LOCKED' | 'RECENT' };

/** What the scheduler purges through, and where it records its runs. */
export type RetentionNeeds = Pick<Platform, 'config' | 'dataSource' | 'clock' | 'logger'> & {
  accessLogs: Pick<AccessLogService, 'deleteCreatedBefore'>;
  sessions: Pick<SessionService, 'purgeCreatedBefore'>;
  billing: Pick<BillingService, 'purgePaymentsCreatedBefore'>;
  metering: Pick<MeteringService, 'purgeExpiredIdempotencyRecords'>;
  storedResults: Pick<StoredResultsService, 'purgeExpired'>;
  notifications: Pick<NotificationService, 'outbox' | 'retryFailed'>;
};

/** pg_try_advisory_lock key shared by every server process (the migration lock is 7263541). */
export const RETENTION_LOCK_KEY = 7263542;

/**
 * The one retention scheduler. Every server process may run the timer; a session-level
 * PostgreSQL advisory lock lets exactly one of them work at a time, and a run shortly after
 * another one is skipped. Each run logs what it deleted (pino and `retention_runs`).
 */
export class RetentionService {
  private readonly extraJobs: RetentionJob[] = [];
  private timer: NodeJS.Timeout | null = null;

  /** RETENTION_INTERVAL_MS; 0 keeps the timer off. */
  private readonly intervalMs: number;

  constructor(private readonly deps: RetentionNeeds) {
    this.intervalMs = deps.config.retentionIntervalMs;
  }

  /** Other modules add their own purges (idempotency keys, caches…); returns a function removing it. */
  register(job: RetentionJob): () => void {
    this.extraJobs.push(job);
    return () => {
      const index = this.extraJobs.indexOf(job);
      if (index >= 0) this.extraJobs.splice(index, 1);
    };
  }

  jobs(): RetentionJob[] {
    const { accessLogs, notifications, storedResults, dataSource, billing, metering, sessions } = this.deps;
    return [
      { name: 'accessLogs', run: (now) => accessLogs.deleteCreatedBefore(daysBefore(now, RETENTION.accessLogsDays)) },
      { name: 'sessions', run: (now) => sessions.purgeCreatedBefore(daysBefore(now, RETENTION.sessionsDays)) },
      {
        name: 'payments',
        run: (now) => dataSource.transaction((manager) => billing.purgePaymentsCreatedBefore(yearsBefore(now, RETENTION.paymentsYears), manager)),
      },
      // Metering keeps call results 24 h for idempotent retries.
      { name: 'idempotencyKeys', run: () => metering.purgeExpiredIdempotencyRecords() },
      { name: 'storedResults', run: (now) => storedResults.purgeExpired(now) },
      { name: 'outbox', run: (now) => notifications.outbox.deleteCreatedBefore(daysBefore(now, RETENTION.outboxDays)) },
      {
        name: 'retentionRuns',
        run: async (now) => {
          const [, count] = await dataSource.query(`DELETE FROM retention_runs WHERE started_at < $1`, [daysBefore(now, RETENTION.retentionRunsDays)]);
          return count ?? 0;
        },
      },
      ...this.extraJobs,
    ];
  }

  /** Starts the timer unless RETENTION_INTERVAL_MS is 0 (the default in tests). */
  start(): void {
    const intervalMs = this.intervalMs;
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.runScheduled().catch((error) => this.deps.logger.error({ err: error }, 'retention run failed'));
    }, intervalMs);
    this.timer.unref();
  }

  /** Whether this process runs the timer. */
  get scheduled(): boolean {
    return this.timer !== null;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A timer tick: skipped when another process ran within the last half interval. */
  runScheduled(): Promise<RunOutcome> {
    return this.runOnce({ skipIfRanWithinMs: this.intervalMs / 2 });
  }

  /** Runs every job now, unless another process holds the lock. */
  async runOnce(options: { skipIfRanWithinMs?: number } = {}): Promise<RunOutcome> {
    const { dataSource, clock, logger } = this.deps;
    // The advisory lock belongs to a database session: hold one connection for the whole run.
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [RETENTION_LOCK_KEY]);
      if (!locked) {
        logger.debug('retention run skipped: another process holds the lock');
        return { ran: false, reason: 'LOCKED' };
      }
      try {
        const startedAt = clock.now();
        if (options.skipIfRanWithinMs && (await this.ranSince(new Date(startedAt.getTime() - options.skipIfRanWithinMs)))) {
          return { ran: false, reason: 'RECENT' };
        }
        const deleted: Record<string, number> = {};
        const errors: Record<string, string> = {};
        for (const job of this.jobs()) {
          try {
            deleted[job.name] = await job.run(startedAt);
          } catch (error) {
            // One failing purge must not keep the others from running.
            errors[job.name] = (error as Error).message ?? String(error);
            logger.error({ err: error, job: job.name }, 'retention job failed');
          }
        }
        await this.recordRun(startedAt, deleted, errors);
        await this.retryFailedMail();
        logger.info({ deleted, errors }, 'retention run finished');
        return { ran: true, deleted, errors };
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  private async ranSince(since: Date): Promise<boolean> {
    const rows = await this.deps.dataSource.query(`SELECT 1 FROM retention_runs WHERE started_at >= $1 LIMIT 1`, [since]);
    return rows.length > 0;
  }

  private async recordRun(startedAt: Date, deleted: Record<string, number>, errors: Record<string, string>): Promise<void> {
    await this.deps.dataSource.query(
      `INSERT INTO retention_runs (started_at, finished_at, run_by, deleted, errors) VALUES ($1, $2, $3, $4, $5)`,
      [startedAt, this.deps.clock.now(), `${os.hostname()}:${process.pid}`.slice(0, 200), JSON.stringify(deleted), JSON.stringify(errors)],
    );
  }

  /** Housekeeping next to the purges: mail SMTP refused earlier gets another try. */
  private async retryFailedMail(): Promise<void> {
    try {
      const { sent, failed } = await this.deps.notifications.retryFailed();
      if (sent || failed) this.deps.logger.info({ sent, failed }, 'retried mail from the outbox');
    } catch (error) {
      this.deps.logger.error({ err: error }, 'retrying outbox mail failed');
    }
  }
}
