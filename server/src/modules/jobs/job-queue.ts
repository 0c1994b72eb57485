import PgBoss from 'pg-boss';
import { Pool } from 'pg';
import type { EntityManager } from 'typeorm';
import type { JobsConfig } from '../../core/config';
import type { Logger } from '../../core/logger';
import { connectionOf } from '../../db/transaction-connection';

export const JOB_QUEUE = 'vision-jobs';
/** The advisory lock key processes take turns on while starting the queue ("vgjobs" in hex-ish). */
const START_LOCK = 0x76676a6f;

/** A completed entry keeps no output: the job row holds the result. */
const NO_OUTPUT = null as unknown as object;

/** The queue entry of a job: only its id (the job row holds the rest). */
export interface QueuedJob {
  jobId: string;
}

/**
 * The pg-boss queue on the application's own pool. Entries are sent inside the submitting
 * transaction (`db` option), so a job exists in the queue exactly when its row and charge do.
 * A run whose worker died (SIGKILL) expires after `runExpirySeconds` and pg-boss hands it out
 * again (retryLimit); the job row's attempts decide whether it runs again or fails.
 */
export class JobQueue {
  readonly boss: PgBoss;
  private starting: Promise<void> | null = null;
  /** The connections of a worker's fetch and complete (see `quickCommitPool`). */
  private readonly quick: { executeSql: (text: string, values: unknown[]) => Promise<{ rows: any[] }> };

  constructor(
    private readonly pool: Pool,
    /** Owned: closed with the queue. */
    readonly quickPool: Pool,
    private readonly config: JobsConfig,
    /** A run may take this long (the provider's time limit) before it counts as dead. */
    private readonly runExpirySeconds: number,
    private readonly logger: Logger,
  ) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      maintenanceIntervalSeconds: config.maintenanceSeconds,
      monitorStateIntervalSeconds: Math.max(config.maintenanceSeconds, 60),
      schedule: false,
    });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
    this.quick = { executeSql: (text, values) => quickPool.query(text, values) };
    // An idle connection the database dropped is replaced on the next query; never an unhandled 'error'.
    quickPool.on('error', (error) => this.logger.warn({ err: error }, 'job queue connection lost'));
  }

  /**
   * Starts pg-boss (schema, queue) once; every process that submits or runs jobs needs it.
   * Processes starting together on an empty database take turns (a session advisory lock):
   * pg-boss's own schema creation is not safe to run twice at once.
   */
  ready(): Promise<void> {
    this.starting ??= (async () => {
      const lock = await this.pool.connect();
      try {
        await lock.query('SELECT pg_advisory_lock($1)', [START_LOCK]);
        await this.boss.start();
        await this.boss.createQueue(JOB_QUEUE, { name: JOB_QUEUE });
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [START_LOCK]).catch(() => undefined);
        lock.release();
      }
    })();
    // A failed start (database briefly away) is tried again by the next caller.
    this.starting.catch(() => (this.starting = null));
    return this.starting;
  }

  /** Queues the job within the caller's transaction. */
  async send(manager: EntityManager, jobId: string): Promise<void> {
    await this.ready();
    const client = connectionOf(manager);
    await this.boss.send(JOB_QUEUE, { jobId } satisfies QueuedJob, {
      id: jobId,
      db: { executeSql: (text, values) => client.query(text, values) },
      // One more hand-out than runs: a run whose worker died on the last attempt is handed out once
      // more so that its job is failed and refunded.
      retryLimit: this.config.maxAttempts,
      retryDelay: 0,
      expireInSeconds: this.runExpirySeconds,
    });
  }

  async fetch(batchSize: number): Promise<Array<PgBoss.Job<QueuedJob>>> {
    return this.boss.fetch<QueuedJob>(JOB_QUEUE, { batchSize, db: this.quick });
  }

  complete(id: string): Promise<void> {
    // pg-boss reads the third argument as the entry's output and the fourth as the connection
    // (its typings' overload with the connection third is not what it does).
    return this.boss.complete(JOB_QUEUE, id, NO_OUTPUT, { db: this.quick });
  }

  /** Hands the entry back for another run (pg-boss retry). */
  retry(id: string): Promise<void> {
    return this.boss.fail(JOB_QUEUE, id);
  }

  cancel(id: string): Promise<void> {
    return this.boss.cancel(JOB_QUEUE, id);
  }

  async close(): Promise<void> {
    if (this.starting) {
      await this.starting.catch(() => undefined);
      await this.boss.stop({ graceful: false, wait: true, close: false });
    }
    // Closing twice (a process's shutdown, then a test's) is not an error.
    if (!this.quickPool.ended) await this.quickPool.end();
  }
}

/**
 * A few connections whose commits do not wait for the disk (synchronous_commit off), for a
 * worker's fetch and complete: losing either in a database crash only hands the entry out again,
 * and the job row decides whether anything runs (see JobsService.claim). The submit's send stays
 * in the submitting transaction, durable with the charge.
 */
export function quickCommitPool(pool: Pool, connections = 4): Pool {
  const startup = [pool.options.options, '-c synchronous_commit=off'].filter(Boolean).join(' ');
  return new Pool({ ...pool.options, max: connections, options: startup });
}
