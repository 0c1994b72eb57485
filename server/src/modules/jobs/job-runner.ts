import type { ClientConfig } from 'pg';
import { AppError, ErrorCode } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { BackgroundRunner } from '../../core/module';
import { withTimeLimit } from '../../core/time-limit';
import type { VisionService } from '../vision';
import { ChannelListener, JOB_QUEUED_CHANNEL } from './job-feed';
import type { JobQueue } from './job-queue';
import type { JobsService } from './jobs.service';

/**
 * The job loop of one process: takes up to `concurrency` jobs at once from the queue, woken by
 * the NOTIFY every submit sends (the poll is only the fallback), runs each through the vision
 * pipeline and settles it; the sweeper (expiry, abandoned runs, old uploads) runs on a timer.
 */
export class JobRunner implements BackgroundRunner {
  readonly name = 'jobs';
  private readonly wakeups: ChannelListener<unknown>;
  private readonly running = new Set<Promise<void>>();
  private fetching = false;
  private again = false;
  private stopped = true;
  private pollTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: {
      jobs: JobsService;
      queue: JobQueue;
      vision: VisionService;
      logger: Logger;
      connection: ClientConfig;
      concurrency: number;
      pollMs: number;
      sweepMs: number;
    },
  ) {
    this.wakeups = new ChannelListener(deps.connection, JOB_QUEUED_CHANNEL, deps.logger, () => this.kick());
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.deps.queue.ready();
    this.wakeups.subscribe(() => this.kick());
    await this.wakeups.start();
    this.pollTimer = setInterval(() => this.kick(), this.deps.pollMs);
    this.pollTimer.unref();
    this.sweepTimer = setInterval(() => void this.sweep(), this.deps.sweepMs);
    this.sweepTimer.unref();
    this.kick();
  }

  /** Stops taking jobs; runs in hand finish for up to `timeoutMs` (the rest are handed out again after their expiry). */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.wakeups.close();
    await withTimeLimit(Promise.allSettled([...this.running]), timeoutMs);
  }

  /** Fetches while there is room; a wake-up during a fetch fetches again once it is done. */
  kick(): void {
    if (this.stopped) return;
    if (this.fetching) {
      this.again = true;
      return;
    }
    this.fetching = true;
    void this.fill()
      .catch((error) => this.deps.logger.error({ err: error }, 'fetching jobs failed'))
      .finally(() => {
        this.fetching = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async fill(): Promise<void> {
    while (!this.stopped) {
      const room = this.deps.concurrency - this.running.size;
      if (room <= 0) return;
      const entries = await this.deps.queue.fetch(room);
      if (entries.length === 0) return;
      for (const entry of entries) {
        const run: Promise<void> = this.run(entry.id, entry.data.jobId)
          .catch((error) => this.deps.logger.error({ err: error, jobId: entry.data.jobId }, 'job run failed'))
          .finally(() => {
            this.running.delete(run);
            this.kick();
          });
        this.running.add(run);
      }
    }
  }

  private async run(entryId: string, jobId: string): Promise<void> {
    const { jobs, queue, vision, logger } = this.deps;
    // A job submitted in this process starts on its model thread while its claim commits: a run
    // has no effect until it is settled, and a claim that refuses (the job was cancelled or ended
    // meanwhile) leaves its outcome unread.
    const prepared = jobs.takePrepared(jobId);
    const early = prepared ? vision.execute(prepared) : null;
    early?.catch(() => undefined); // read below only when the claim succeeds
    const claimed = await jobs.claim(jobId, prepared);
    if (!claimed) return queue.complete(entryId);
    let outcome: Awaited<ReturnType<VisionService['execute']>>;
    try {
      outcome = await (early ?? vision.execute(claimed.work));
    } catch (error) {
      const failure = error instanceof AppError ? error : new AppError(ErrorCode.PROVIDER_ERROR, 'The provider failed; your credits were refunded');
      const retrying = await jobs.failed(claimed, failure);
      logger.warn({ jobId, feature: claimed.row.feature, attempt: claimed.row.attempts, errorCode: failure.extensions.errorCode, retrying }, 'job run failed');
      return retrying ? queue.retry(entryId) : queue.complete(entryId);
    }
    await jobs.succeeded(claimed, outcome);
    logger.info({ jobId, feature: claimed.row.feature, provider: outcome.provider, durationMs: outcome.durationMs }, 'job succeeded');
    await queue.complete(entryId);
  }

  private async sweep(): Promise<void> {
    try {
      const swept = await this.deps.jobs.sweep();
      if (swept.expired || swept.abandoned || swept.imagesDeleted) this.deps.logger.info(swept, 'job sweeper');
    } catch (error) {
      this.deps.logger.error({ err: error }, 'job sweeper failed');
    }
  }
}
