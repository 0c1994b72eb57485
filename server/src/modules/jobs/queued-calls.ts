import { AppError, ErrorCode } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { UsersService } from '../users';
import type { AnalysisCall, AnalysisOutcome, GenerationOptions, VisionCallRunner, VisionCaller, VisionFeature } from '../vision';
import type { JobChange, JobFeed } from './job-feed';
import { ENDED, type JobOutput, type JobRow } from './job-row';
import type { JobsService } from './jobs.service';

/** Ends a wait: a change of the job (LISTEN), the fallback poll, or the deadline. */
type Wake = () => void;

/** Codes of the caller's own input: answered as they are, as a direct call answers them. */
const INPUT_CODES = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.URL_NOT_ALLOWED, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.FEATURE_UNAVAILABLE]);

/**
 * The synchronous calls with VISION_WORKERS=0: each call is a job (JobsService.submitCall: the
 * same admission, price, idempotency key and one-transaction charge as submitAnalysis), and the
 * API process waits for the job to end — woken by the process's one LISTEN connection on
 * vg_job_updated (JobFeed), with a poll as the fallback — then answers what the in-process
 * path answers: the AnalysisOutcome, or the typed error with the refund already made.
 *
 * The wait is bounded (`waitMs`, VISION_TIMEOUT_MS plus a margin for the queue). Past it the job
 * is cancelled: a QUEUED job ends CANCELED and is refunded at once; a RUNNING one is refunded
 * when its run stops (JobsService.cancel), so the charge is refunded exactly once either way,
 * and the caller gets PROVIDER_ERROR with `timeout: true`. A job that ended meanwhile is
 * answered as it ended.
 */
export class QueuedVisionCalls implements VisionCallRunner {
  readonly mode = 'queued' as const;
  private readonly waiters = new Map<string, Set<Wake>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly deps: {
      jobs: JobsService;
      feed: JobFeed;
      users: Pick<UsersService, 'findById'>;
      logger: Logger;
      /** How long a call waits for its job (VISION_TIMEOUT_MS + margin). */
      waitMs: number;
      /** The fallback poll while waiting (JOB_POLL_MS). */
      pollMs: number;
      /** STORE_RESULTS: a replayed result keeps its image bytes (as the in-process replay copy). */
      storeImageBytes: boolean;
      /** The provider's time limit, for the timeout message. */
      timeoutMs: number;
    },
  ) {}

  async analyze(caller: VisionCaller, call: AnalysisCall, idempotencyKey: string | null): Promise<AnalysisOutcome> {
    return this.call(caller, idempotencyKey, this.deps.jobs.submitCall(caller, call, idempotencyKey));
  }

  async generate(caller: VisionCaller, prompt: string, options: GenerationOptions, idempotencyKey: string | null): Promise<AnalysisOutcome> {
    return this.call(caller, idempotencyKey, this.deps.jobs.submitCall(caller, { kind: 'prompt', prompt, options }, idempotencyKey));
  }

  private async call(caller: VisionCaller, idempotencyKey: string | null, submitted: Promise<{ job: JobRow; replayed: boolean }>): Promise<AnalysisOutcome> {
    const { job, replayed } = await submitted;
    const ended = await this.waitForEnd(caller.userId, job);
    if (ended.status !== 'SUCCEEDED') throw await this.failure(caller.userId, ended);
    if (!ended.result) {
      // Only a replay finds no result: the first call kept none (no key) or the 24 h retention cleared it.
      throw new AppError(ErrorCode.CONFLICT, 'The call with this idempotency key left no result to replay; use a new key');
    }
    const output = replayed ? this.replayCopy(ended.result) : ended.result;
    // Also on a replay: a first caller that went away before trimming leaves it to the retry.
    await this.keep(ended, idempotencyKey);
    const viewer = await this.deps.users.findById(caller.userId);
    return {
      consumptionId: ended.consumption_id,
      creditsCharged: ended.credits,
      balance: replayed ? (viewer?.credits ?? 0) : output.balance,
      durationMs: output.durationMs,
      provider: output.provider,
      feature: ended.feature as VisionFeature,
      replayed,
      result: output.result,
      viewer,
    };
  }

  /** Once answered, the job keeps what a direct call keeps: nothing, or with a key the replay copy. */
  private async keep(job: JobRow, idempotencyKey: string | null): Promise<void> {
    try {
      await this.deps.jobs.keepCallResult(job.id, idempotencyKey ? this.replayCopy(job.result!) : null);
    } catch (error) {
      this.deps.logger.error({ err: error, jobId: job.id }, 'trimming a synchronous call’s job result failed');
    }
  }

  /** As the in-process replay copy: masks and produced images only with STORE_RESULTS=true. */
  private replayCopy(output: JobOutput): JobOutput {
    if (this.deps.storeImageBytes) return output;
    const { result } = output;
    return {
      ...output,
      result: {
        ...result,
        instances: result.instances?.map((instance) => ({ ...instance, maskPng: null })),
        image: result.image && { ...result.image, pngBase64: null },
      },
    };
  }

  /** The typed error of a job that ended without a result; its charge was refunded when it ended (or will be, see cancel). */
  private async failure(userId: string, job: JobRow, timedOut = false): Promise<AppError> {
    const balance = (await this.deps.users.findById(userId))?.credits;
    const refunded = ENDED.includes(job.status);
    const extra = { consumptionId: job.consumption_id, refunded, balance };
    const code = job.error_code ?? '';
    if (timedOut || code === 'PROVIDER_TIMEOUT' || job.status === 'EXPIRED') {
      const seconds = Math.round(this.deps.timeoutMs / 1000);
      const message = timedOut
        ? `The call did not finish within ${seconds} s; it was cancelled and your credits ${refunded ? 'were refunded' : 'are refunded once its run stops'}`
        : (job.error_message ?? `The provider did not answer within ${seconds} s; your credits were refunded`);
      return new AppError(ErrorCode.PROVIDER_ERROR, message, { timeout: true, ...extra });
    }
    if (code === ErrorCode.BUSY) return new AppError(ErrorCode.BUSY, job.error_message ?? 'The provider is busy; your credits were refunded', extra);
    if (INPUT_CODES.has(code)) {
      const field = code === ErrorCode.FEATURE_UNAVAILABLE ? {} : { field: job.input.source === 'url' ? 'url' : 'image' };
      return new AppError(code as ErrorCode, job.error_message ?? code, { ...field, ...extra });
    }
    // PROVIDER_ERROR, a worker lost, a queued image gone, a cancel by the caller (cancelJob).
    return new AppError(ErrorCode.PROVIDER_ERROR, job.error_message ?? 'The provider failed; your credits were refunded', extra);
  }

  /** The job once it ended; past `waitMs`, cancelled and answered as a timeout (unless it ended meanwhile). */
  private async waitForEnd(userId: string, submitted: JobRow): Promise<JobRow> {
    const deadline = Date.now() + this.deps.waitMs;
    let changed = false;
    let wake: Wake = () => undefined;
    const onChange: Wake = () => {
      changed = true;
      wake();
    };
    const stop = this.watch(submitted.id, onChange);
    try {
      await this.deps.feed.start();
      for (;;) {
        changed = false;
        const row = await this.deps.jobs.job(userId, submitted.id);
        if (ENDED.includes(row.status)) return row;
        const left = deadline - Date.now();
        if (left <= 0) break;
        if (changed) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, this.deps.pollMs));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = () => undefined;
      }
    } finally {
      stop();
    }
    const canceled = await this.deps.jobs.cancel(userId, submitted.id);
    if (canceled.status !== 'CANCELED' && ENDED.includes(canceled.status)) return canceled;
    this.deps.logger.warn({ jobId: submitted.id, status: canceled.status, waitMs: this.deps.waitMs }, 'synchronous call timed out waiting for its job; cancelled');
    throw await this.failure(userId, canceled, true);
  }

  /** One subscription to the feed for every waiting call of this process, dispatched by job id. */
  private watch(jobId: string, wake: Wake): () => void {
    if (!this.unsubscribe) this.unsubscribe = this.deps.feed.subscribe((change: JobChange) => this.waiters.get(change.jobId)?.forEach((w) => w()));
    let set = this.waiters.get(jobId);
    if (!set) this.waiters.set(jobId, (set = new Set()));
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0) this.waiters.delete(jobId);
    };
  }
}
