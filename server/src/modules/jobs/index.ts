import type { Pool } from 'pg';
import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { MeteringService } from '../metering';
import type { UsersService } from '../users';
import type { VisionCalls, VisionService } from '../vision';
import { JobFeed } from './job-feed';
import { JobQueue, quickCommitPool } from './job-queue';
import { JobRunner } from './job-runner';
import { JobUpdates } from './job-updates';
import { PreparedUploads } from './prepared-uploads';
import { JobsResolver } from './jobs.resolver';
import { JobsSubscriptionResolver } from './jobs.subscription';
import { JobsService } from './jobs.service';
import { QueuedVisionCalls } from './queued-calls';
import { CreateJobs1764000007000 } from './migrations/1764000007000-CreateJobs';

export { JobFeed, JOB_UPDATED_CHANNEL } from './job-feed';
export type { JobChange } from './job-feed';
export { Job, JobBatch, JobPage, JobStatus, jobDocument } from './jobs.graphql';
export { JobsService, MAX_BATCH_ITEMS } from './jobs.service';
export { JobUpdates } from './job-updates';
export type { LiveJobsContext } from './jobs.subscription';

type JobsNeeds = Pick<Platform, 'config' | 'dataSource' | 'clock' | 'events' | 'logger'> & {
  metering: MeteringService;
  users: UsersService;
  vision: VisionService;
  visionCalls: VisionCalls;
};

/** A run past the provider's time limit plus this margin counts as dead (its worker was killed). */
const RUN_EXPIRY_MARGIN_SECONDS = 30;
/** A synchronous call waits for its job up to VISION_TIMEOUT_MS plus this (time in the queue, the image's decoding, the transitions). */
export const SYNC_WAIT_MARGIN_MS = 5_000;

export const jobsModule = defineModule({
  name: 'jobs',
  purpose: 'Queued vision calls on pg-boss: submit, batches, cancel, the job loop, expiry and the encrypted wait of uploads',
  migrations: [CreateJobs1764000007000],
  services: ({ config, dataSource, clock, events, logger, metering, users, vision, visionCalls }: JobsNeeds) => {
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    const runExpirySeconds = Math.ceil(config.vision.timeoutMs / 1000) + RUN_EXPIRY_MARGIN_SECONDS;
    const jobQueue = new JobQueue(pool, quickCommitPool(pool), config.jobs, runExpirySeconds, logger);
    const redis = config.redisUrl ? { url: config.redisUrl, channel: `${config.rateLimitPrefix}:job-updated` } : undefined;
    const jobFeed = new JobFeed(pool.options, logger, redis);
    const jobs = new JobsService({ dataSource, config: config.jobs, jwtSecret: config.jwtSecret, clock, events, logger, metering,
      vision,
      queue: jobQueue,
      feed: jobFeed,
      // Only a process that runs jobs can start one from what its intake decoded.
      prepared: config.workers.runsJobs ? new PreparedUploads() : null,
    });
    const jobUpdates = new JobUpdates({ jobs, feed: jobFeed });
    // VISION_WORKERS=0: this process loads no model, so analyzeImage, analyzeImageUrl and
    // generateImage become jobs the worker processes run, each waited for (issue 17).
    if (!config.workers.runsJobs) {
      visionCalls.routeThrough(
        new QueuedVisionCalls({
          jobs,
          feed: jobFeed,
          users,
          logger,
          waitMs: config.vision.timeoutMs + SYNC_WAIT_MARGIN_MS,
          pollMs: config.jobs.pollMs,
          storeImageBytes: config.storedResults.enabled,
          timeoutMs: config.vision.timeoutMs,
        }),
      );
    }
    return { jobs, jobQueue, jobFeed, jobUpdates };
  },
  resolvers: [JobsResolver, JobsSubscriptionResolver],
  initializers: [
    // Queued and running jobs settle their own money (expiry, retries, refunds).
    ({ metering }) => metering.excludeFromStaleSweep(`SELECT consumption_id FROM jobs WHERE status IN ('QUEUED', 'RUNNING')`),
  ],
  runners: [
    ({ config, jobs, jobQueue, vision, logger, dataSource }) =>
      new JobRunner({
        jobs,
        queue: jobQueue,
        vision,
        logger,
        connection: (dataSource.driver as unknown as { master: Pool }).master.options,
        concurrency: config.workers.jobConcurrency,
        pollMs: config.jobs.pollMs,
        sweepMs: config.jobs.maintenanceSeconds * 1000,
      }),
  ],
});
