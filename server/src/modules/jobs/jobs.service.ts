import { createHash, hkdfSync, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { JobsConfig } from '../../core/config';
import { AppError, ErrorCode, badInput, notFound } from '../../core/errors';
import type { EventBus } from '../../core/events';
import type { Logger } from '../../core/logger';
import { decodeCursor, encodeCursor, type PageInfo } from '../../graphql/pagination';
import type { MeteringService } from '../metering';
import { ResultsCipher } from '../stored-results';
import type { Sealed } from '../stored-results';
import {
  checkTarget,
  parseImageUrl,
  VisionFeature,
  type AcceptedImage,
  type AnalysisCall,
  type AnalysisOptions,
  type GenerationOptions,
  type InMemoryUpload,
  type ProviderName,
  type StoredResult,
  type VisionCaller,
  type VisionService,
  type VisionWork,
} from '../vision';
import { JOB_QUEUED_CHANNEL, JOB_UPDATED_CHANNEL, type JobFeed } from './job-feed';
import type { JobQueue } from './job-queue';
import { ENDED, type JobInput, type JobRow } from './job-row';
import { jobDocument } from './jobs.graphql';
import type { PreparedUploads, PreparedWork } from './prepared-uploads';

export const MAX_BATCH_ITEMS = 50;
/** Per-item keys of a batch are `<key>:<index>`; the metering key limit is 255. */
const MAX_BATCH_KEY_LENGTH = 240;
/** A succeeded job's result stays readable this long (like an idempotent call's replay copy). */
const RESULT_RETENTION = `interval '24 hours'`;
const MAX_ERROR_MESSAGE_LENGTH = 500;
/** Failures worth another run with the same charge; bad input (an unreadable URL) is not. */
const RETRYABLE_CODES = new Set<string>([ErrorCode.PROVIDER_ERROR, ErrorCode.BUSY]);

interface SubmitItem {
  feature: VisionFeature;
  kind: 'ANALYSIS' | 'GENERATION';
  credits: number;
  input: JobInput;
  /** An upload: its bytes are sealed into job_images until the job ends; its decoding is awaited before the charge. */
  image: { bytes: Buffer; accepted: Promise<AcceptedImage> } | null;
  fingerprint: unknown;
}

/** An item about to be inserted: its job id, and its upload already sealed under it. */
interface StagedItem extends SubmitItem {
  id: string;
  sealed: Sealed | null;
}

interface SubmitOptions {
  idempotencyKey: string | null;
  webhookUrl: string | null;
  batchId: string | null;
}

/** A job a worker claimed: its row and what to run. */
export interface ClaimedJob {
  row: JobRow;
  work: VisionWork;
}

/** The key was taken by a concurrent submit that committed first: answer with its jobs. */
class KeyHeld extends Error {}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The pg_notify of a changed job row (a JobChange, as the job feed reads it), for the statement
 * that changes the row: `alias` names the row, `channel` the parameter holding JOB_UPDATED_CHANNEL.
 */
const CHANGE_NOTIFY = (alias: string, channel: string) =>
  `pg_notify(${channel}, json_build_object('jobId', ${alias}.id, 'userId', ${alias}.user_id, 'batchId', ${alias}.batch_id, 'status', ${alias}.status)::text)`;

/**
 * Jobs: queued vision calls. Submission validates everything first (bad input costs nothing),
 * then writes the charge, the PENDING consumption log, the job row, the sealed upload and the
 * queue entry in one transaction. Every later state change goes through `transition`, which
 * settles the money in the same transaction (succeed or refund exactly once), deletes the
 * upload when the job ends and announces the change (pg_notify inside; job.updated and, with
 * REDIS_URL, the job feed's Redis publish after commit).
 *
 * Cancelling a RUNNING job is honoured at the next safe point: the provider call in flight is not
 * interrupted, but its result is discarded, the job ends CANCELED and is refunded.
 */
export class JobsService {
  private readonly cipher: ResultsCipher;

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      config: JobsConfig;
      jwtSecret: string;
      clock: Clock;
      events: EventBus;
      logger: Logger;
      metering: MeteringService;
      vision: VisionService;
      queue: JobQueue;
      /** Told of every change once it committed (Redis mode publishes it there). */
      feed: Pick<JobFeed, 'publish'>;
      /** In a process that runs jobs: uploads decoded at intake, handed to this process's own runs. */
      prepared: PreparedUploads | null;
    },
  ) {
    // Derived from the server's secret: queued uploads need no key of their own to configure.
    const key = Buffer.from(hkdfSync('sha256', deps.jwtSecret, 'visiongate', 'job-images/aes-256-gcm', 32));
    this.cipher = new ResultsCipher(key);
  }

  get queue(): JobQueue {
    return this.deps.queue;
  }

  // ── submission ────────────────────────────────────────────────────────────────────────────

  async submitAnalysis(
    caller: VisionCaller,
    args: {
      feature: VisionFeature;
      image?: Promise<InMemoryUpload> | null;
      url?: string | null;
      options: AnalysisOptions;
      idempotencyKey: string | null;
      webhookUrl: string | null;
    },
  ): Promise<JobRow> {
    if (!args.image === !args.url) throw badInput('image', 'Send exactly one of image and url');
    const sources = args.image ? { images: [args.image] } : { urls: [args.url!] };
    const [job] = await this.submitAnalysisItems(caller, args.feature, sources, args, null);
    return job;
  }

  async submitAnalyses(
    caller: VisionCaller,
    args: {
      feature: VisionFeature;
      images?: Array<Promise<InMemoryUpload>> | null;
      urls?: string[] | null;
      options: AnalysisOptions;
      idempotencyKey: string | null;
      webhookUrl: string | null;
    },
  ): Promise<{ id: string; jobs: JobRow[] }> {
    const count = (args.images?.length ?? 0) + (args.urls?.length ?? 0);
    if (count < 1 || count > MAX_BATCH_ITEMS) throw badInput('images', `Send 1–${MAX_BATCH_ITEMS} images or URLs in all, got ${count}`);
    if (args.idempotencyKey && args.idempotencyKey.length > MAX_BATCH_KEY_LENGTH) {
      throw badInput('idempotencyKey', `A batch's idempotency key must be at most ${MAX_BATCH_KEY_LENGTH} characters`);
    }
    const jobs = await this.submitAnalysisItems(caller, args.feature, { images: args.images ?? [], urls: args.urls ?? [] }, args, randomUUID());
    return { id: jobs[0].batch_id!, jobs };
  }

  async submitGeneration(
    caller: VisionCaller,
    args: { prompt: string; options: GenerationOptions; idempotencyKey: string | null; webhookUrl: string | null },
  ): Promise<JobRow> {
    const item = await this.generationItem(caller, args.prompt, args.options);
    const webhookUrl = await this.checkedWebhookUrl(args.webhookUrl);
    const [job] = await this.submit(caller, [item], { idempotencyKey: args.idempotencyKey, webhookUrl, batchId: null });
    return job;
  }

  /** A generation job's item: the prompt admitted and checked by vision (its price, the trimmed prompt, normalised options). */
  private async generationItem(caller: VisionCaller, prompt: string, options: GenerationOptions): Promise<SubmitItem> {
    const admitted = await this.deps.vision.admitGeneration(caller, prompt, options);
    return {
      feature: VisionFeature.IMAGE_GENERATION,
      kind: 'GENERATION',
      credits: admitted.credits,
      input: { source: 'prompt', prompt: admitted.prompt, options: admitted.options },
      image: null,
      fingerprint: { job: 'generation', prompt: admitted.prompt, options: admitted.options },
    };
  }

  private async submitAnalysisItems(
    caller: VisionCaller,
    feature: VisionFeature,
    sources: { images?: Array<Promise<InMemoryUpload>>; urls?: string[] },
    args: { options: AnalysisOptions; idempotencyKey: string | null; webhookUrl: string | null },
    batchId: string | null,
  ): Promise<JobRow[]> {
    const { credits } = await this.deps.vision.admitAnalysis(caller, feature);
    const options = this.deps.vision.analysisOptions(args.options);
    const webhookUrl = await this.checkedWebhookUrl(args.webhookUrl);
    const items: SubmitItem[] = [];
    // Every file is read and decoded before anything is charged (see submitted): one bad image
    // refuses the batch, charging nothing.
    // Read together: the files of one multipart request arrive one after another, each only once the one before it is read.
    const fieldOf = (index: number) => (batchId ? `images.${index}` : 'image');
    const received = await Promise.all((sources.images ?? []).map((upload, index) => this.deps.vision.receiveUpload(upload, fieldOf(index))));
    for (const [index, bytes] of received.entries()) items.push(this.uploadItem(feature, credits, options, bytes, fieldOf(index)));
    for (const [index, raw] of (sources.urls ?? []).entries()) {
      const url = parseImageUrl(raw, batchId ? `urls.${index}` : 'url').toString();
      const input: JobInput = { source: 'url', url, options };
      items.push({ feature, kind: 'ANALYSIS', credits, input, image: null, fingerprint: { job: 'analysis', feature, url, options } });
    }
    return this.submit(caller, items, { idempotencyKey: args.idempotencyKey, webhookUrl, batchId });
  }

  /**
   * The job of one synchronous call (analyzeImage, analyzeImageUrl, generateImage with
   * VISION_WORKERS=0): the same intake, price, charge and idempotency key as submitAnalysis and
   * submitGeneration, no webhook URL. `replayed` when the key named an earlier call's job.
   */
  async submitCall(
    caller: VisionCaller,
    call: AnalysisCall | { kind: 'prompt'; prompt: string; options: GenerationOptions },
    idempotencyKey: string | null,
  ): Promise<{ job: JobRow; replayed: boolean }> {
    const submitOptions: SubmitOptions = { idempotencyKey, webhookUrl: null, batchId: null };
    let item: SubmitItem;
    if (call.kind === 'prompt') {
      item = await this.generationItem(caller, call.prompt, call.options);
    } else {
      const { feature } = call;
      const { credits } = await this.deps.vision.admitAnalysis(caller, feature);
      const options = this.deps.vision.analysisOptions(call.options);
      if (call.kind === 'upload') {
        item = this.uploadItem(feature, credits, options, await this.deps.vision.receiveUpload(call.image));
      } else {
        const url = parseImageUrl(call.url, 'url').toString();
        const input: JobInput = { source: 'url', url, options };
        item = { feature, kind: 'ANALYSIS', credits, input, image: null, fingerprint: { job: 'analysis', feature, url, options } };
      }
    }
    const { jobs, replayed } = await this.submitted(caller, [item], submitOptions);
    return { job: jobs[0], replayed };
  }

  /**
   * An upload's item. Its decoding (the check, and the model copy where this process runs jobs:
   * the hand-off) starts now and runs while the charge is written; `submitted` awaits it before
   * the commit, so a bad image still charges nothing.
   */
  private uploadItem(feature: VisionFeature, credits: number, options: AnalysisOptions, bytes: Buffer, field = 'image'): SubmitItem {
    const accepted = this.deps.vision.acceptUpload(feature, bytes, field, { forRun: this.deps.prepared !== null });
    accepted.catch(() => undefined); // awaited in submitted(); never an unhandled rejection meanwhile
    const input: JobInput = { source: 'upload', options };
    const fingerprint = { job: 'analysis', feature, image: createHash('sha256').update(bytes).digest('hex'), options };
    return { feature, kind: 'ANALYSIS', credits, input, image: { bytes, accepted }, fingerprint };
  }

  /** A webhook URL must reach a public address, as image URLs must (URL_NOT_ALLOWED otherwise). */
  private async checkedWebhookUrl(raw: string | null): Promise<string | null> {
    if (!raw) return null;
    const url = parseImageUrl(raw, 'webhookUrl');
    await checkTarget(url, 0, { policy: this.deps.vision.network.policy, field: 'webhookUrl' });
    return url.toString();
  }

  private async submit(caller: VisionCaller, items: SubmitItem[], options: SubmitOptions): Promise<JobRow[]> {
    return (await this.submitted(caller, items, options)).jobs;
  }

  /** Submits the items; `replayed` when the idempotency key named an earlier submit (its jobs are returned, nothing is charged). */
  private async submitted(caller: VisionCaller, items: SubmitItem[], options: SubmitOptions): Promise<{ jobs: JobRow[]; replayed: boolean }> {
    const batchFingerprint = items.length > 1 || options.batchId ? sha256(JSON.stringify(items.map((item) => item.fingerprint))) : null;
    const keyOf = (index: number) =>
      options.idempotencyKey ? (options.batchId ? `${options.idempotencyKey}:${index}` : options.idempotencyKey) : null;
    const fingerprintOf = (item: SubmitItem) => sha256(JSON.stringify({ item: item.fingerprint, batch: batchFingerprint, webhook: options.webhookUrl }));

    // Every image's decoding: a bad one refuses the whole submit, with its own error.
    const decoding = Promise.all(items.map((item) => item.image?.accepted ?? null));
    decoding.catch(() => undefined); // awaited below unless the key names an earlier submit

    const earlier = await this.earlierSubmission(caller, items, keyOf, fingerprintOf);
    if (earlier) return { jobs: earlier, replayed: true };

    // Decoded and sealed before the transaction: its charge locks the account's row until the
    // commit, and a user's concurrent submits (a batch tool, many API clients) wait on that lock.
    const decoded = await decoding;
    const staged = items.map((item) => this.staged(item));
    // Started before the transaction: starting takes pool connections of its own, and a submit
    // holding one while it waits could starve the pool under load.
    await this.deps.queue.ready();
    const now = this.deps.clock.now();
    const committed: Array<() => void> = [];
    const insertedIds: string[] = [];
    let jobs: JobRow[];
    try {
      jobs = await this.deps.dataSource.transaction(async (manager) => {
        const rows: JobRow[] = [];
        for (const [index, item] of items.entries()) {
          const charged = await this.deps.metering.chargeWithin(manager, {
            userId: caller.userId,
            credits: item.credits,
            feature: item.feature,
            source: caller.via === 'API_TOKEN' ? 'API' : 'DASHBOARD',
            apiTokenId: caller.apiTokenId,
            imageUrl: item.input.url ?? null,
            idempotencyKey: keyOf(index),
            requestFingerprint: fingerprintOf(item),
          });
          if (!charged) throw new KeyHeld();
          committed.push(charged.committed);
          rows.push(await this.insertJob(manager, caller.userId, staged[index], charged.consumptionId, options, now));
        }
        // The decoded copies are kept before the commit: the NOTIFY may wake this process's runner
        // before this call resumes.
        for (const [index, image] of decoded.entries()) {
          if (!image) continue;
          const { feature, input } = items[index];
          this.deps.prepared?.keep(rows[index].id, { kind: 'upload', feature, bytes: image.original.bytes, options: input.options as AnalysisOptions, accepted: image });
          insertedIds.push(rows[index].id);
        }
        return rows;
      });
    } catch (error) {
      for (const id of insertedIds) this.deps.prepared?.drop(id);
      if (!(error instanceof KeyHeld)) throw error;
      // A concurrent submit with this key committed first (the key's unique entry made us wait).
      const answer = await this.earlierSubmission(caller, items, keyOf, fingerprintOf);
      if (!answer) throw new AppError(ErrorCode.IDEMPOTENCY_IN_PROGRESS, 'A submit with this idempotency key is in progress; retry shortly');
      return { jobs: answer, replayed: true };
    }
    for (const done of committed) done();
    for (const job of jobs) this.announce(job);
    return { jobs, replayed: false };
  }

  /** The jobs of an earlier submit with the same idempotency key (same parameters), or null. */
  private async earlierSubmission(
    caller: VisionCaller,
    items: SubmitItem[],
    keyOf: (index: number) => string | null,
    fingerprintOf: (item: SubmitItem) => string,
  ): Promise<JobRow[] | null> {
    if (!keyOf(0)) return null;
    const consumptionIds: string[] = [];
    for (const [index, item] of items.entries()) {
      const holder = await this.deps.metering.keyHolder(caller.userId, keyOf(index)!, fingerprintOf(item));
      if (!holder) return null;
      consumptionIds.push(holder);
    }
    const rows: JobRow[] = await this.deps.dataSource.query(
      `SELECT * FROM jobs WHERE user_id = $1 AND consumption_id = ANY($2::uuid[])`,
      [caller.userId, consumptionIds],
    );
    if (rows.length !== consumptionIds.length) {
      throw new AppError(ErrorCode.CONFLICT, 'This idempotency key was already used for a call that is not a job; use a new key');
    }
    const order = new Map(consumptionIds.map((id, index) => [id, index]));
    return rows.sort((a, b) => order.get(a.consumption_id)! - order.get(b.consumption_id)!);
  }

  /** The job's id, and its upload sealed under it (the id is the ciphertext's associated data). */
  private staged(item: SubmitItem): StagedItem {
    const id = randomUUID();
    return { ...item, id, sealed: item.image ? this.cipher.seal(item.image.bytes, id) : null };
  }

  private async insertJob(
    manager: EntityManager,
    userId: string,
    item: StagedItem,
    consumptionId: string,
    options: SubmitOptions,
    now: Date,
  ): Promise<JobRow> {
    const { id, sealed } = item;
    // One round trip: the row, its sealed upload, the change for every subscriber and the wake-up
    // of the runners (identical wake-ups of one transaction reach listeners once).
    const [row]: JobRow[] = await manager.query(
      `WITH job AS (
         INSERT INTO jobs (id, user_id, consumption_id, batch_id, feature, kind, status, credits, input, webhook_url, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'QUEUED', $7, $8, $9, $10, $10::timestamptz + make_interval(mins => $11))
         RETURNING *),
       image AS (
         INSERT INTO job_images (job_id, iv, auth_tag, ciphertext, created_at)
         SELECT job.id, $12::bytea, $13::bytea, $14::bytea, job.created_at FROM job WHERE $14::bytea IS NOT NULL)
       SELECT job.* FROM job, LATERAL (SELECT ${CHANGE_NOTIFY('job', '$15')}, pg_notify($16, '1')) AS sent`,
      [
        id,
        userId,
        consumptionId,
        options.batchId,
        item.feature,
        item.kind,
        item.credits,
        JSON.stringify(item.input),
        options.webhookUrl,
        now,
        this.deps.config.ttlMinutes,
        sealed?.iv ?? null,
        sealed?.authTag ?? null,
        sealed?.ciphertext ?? null,
        JOB_UPDATED_CHANNEL,
        JOB_QUEUED_CHANNEL,
      ],
    );
    await this.deps.queue.send(manager, id);
    return row;
  }

  // ── reading ───────────────────────────────────────────────────────────────────────────────

  /** The caller's job; NOT_FOUND for an unknown id and for another user's job alike. */
  async job(userId: string, id: string): Promise<JobRow> {
    const row = isUuid(id) ? await this.read(this.deps.dataSource.manager, id) : null;
    if (!row || row.user_id !== userId) throw notFound('Job');
    return row;
  }

  /** The jobs of one of the caller's batches, oldest first; NOT_FOUND for an unknown batch and another user's alike. */
  async batch(userId: string, batchId: string): Promise<JobRow[]> {
    const rows: JobRow[] = isUuid(batchId)
      ? await this.deps.dataSource.query('SELECT * FROM jobs WHERE user_id = $1 AND batch_id = $2 ORDER BY created_at, id', [userId, batchId])
      : [];
    if (!rows.length) throw notFound('Batch');
    return rows;
  }

  /** The caller's jobs among `ids` as they are now (a job erased meanwhile is missing). */
  async current(userId: string, ids: readonly string[]): Promise<JobRow[]> {
    if (!ids.length) return [];
    return this.deps.dataSource.query('SELECT * FROM jobs WHERE user_id = $1 AND id = ANY($2::uuid[]) ORDER BY created_at, id', [userId, ids]);
  }

  async jobs(
    userId: string,
    args: { first: number; after?: string | null; status?: string | null; batchId?: string | null },
  ): Promise<{ nodes: JobRow[]; pageInfo: PageInfo }> {
    const after = decodeCursor(args.after);
    if (args.batchId && !isUuid(args.batchId)) return { nodes: [], pageInfo: { endCursor: null, hasNextPage: false } };
    const rows: JobRow[] = await this.deps.dataSource.query(
      `SELECT * FROM jobs WHERE user_id = $1
         AND ($2::varchar IS NULL OR status = $2) AND ($3::uuid IS NULL OR batch_id = $3)
         AND ($4::timestamptz IS NULL OR (created_at, id) < ($4, $5::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $6`,
      [userId, args.status ?? null, args.batchId ?? null, after?.createdAt ?? null, after?.id ?? null, args.first + 1],
    );
    const nodes = rows.slice(0, args.first);
    const last = nodes[nodes.length - 1];
    return {
      nodes,
      pageInfo: { endCursor: last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null, hasNextPage: rows.length > args.first },
    };
  }

  // ── state changes ─────────────────────────────────────────────────────────────────────────

  /** QUEUED → CANCELED and refunded at once; RUNNING → cancelled at its next safe point; ended jobs are returned as they are. */
  async cancel(userId: string, id: string): Promise<JobRow> {
    const job = await this.job(userId, id);
    const changed = await this.transition(job.id, 'durable', (row) => {
      if (row.status === 'QUEUED') return { status: 'CANCELED', error: ['CANCELED', 'Cancelled before it ran; your credits were refunded'], refund: 'CANCELED' };
      if (row.status === 'RUNNING' && !row.cancel_requested) return { cancelRequested: true };
      return null;
    });
    if (changed?.status === 'CANCELED') await this.deps.queue.cancel(job.id).catch(() => undefined);
    return changed ?? (await this.job(userId, id));
  }

  /**
   * The run of a job this process submitted, its image already decoded (once: null when it is
   * not held here). The runner may start it before `claim` decides; only the claim makes it count.
   */
  takePrepared(jobId: string): PreparedWork | null {
    return this.deps.prepared?.take(jobId) ?? null;
  }

  /**
   * A worker takes the job the queue handed out: QUEUED (or RUNNING whose worker died) → RUNNING
   * with one more attempt. Null when there is nothing to run: the job ended meanwhile, expired
   * in the queue, or used up its attempts (then it FAILED and was refunded here). `prepared` is
   * the job's run from `takePrepared`, if this process holds it.
   */
  async claim(jobId: string, prepared: PreparedWork | null = this.takePrepared(jobId)): Promise<ClaimedJob | null> {
    const now = this.deps.clock.now();
    const ttlMs = this.deps.config.ttlMinutes * 60_000;
    let image: Buffer | null = null;
    const row = await this.transition(jobId, 'quick', async (current, manager) => {
      if (ENDED.includes(current.status)) return null;
      if (current.status === 'QUEUED' && now.getTime() - current.created_at.getTime() > ttlMs) return expired();
      if (current.cancel_requested) return { status: 'CANCELED', error: ['CANCELED', 'Cancelled while running; your credits were refunded'], refund: 'CANCELED' };
      if (current.attempts >= this.deps.config.maxAttempts) {
        return { status: 'FAILED', error: ['WORKER_LOST', 'The job could not be completed; your credits were refunded'], refund: 'WORKER_LOST' };
      }
      if (current.input.source === 'upload') {
        // Decoded here at intake: only whether the sealed copy still exists matters, not its bytes.
        const columns = prepared ? '1' : 'iv, auth_tag, ciphertext';
        const [sealed] = await manager.query(`SELECT ${columns} FROM job_images WHERE job_id = $1`, [jobId]);
        if (!sealed) return { status: 'FAILED', error: ['IMAGE_GONE', 'The queued image is no longer stored; your credits were refunded'], refund: 'IMAGE_GONE' };
        if (!prepared) image = this.cipher.open({ iv: sealed.iv, authTag: sealed.auth_tag, ciphertext: sealed.ciphertext }, jobId);
      }
      return { status: 'RUNNING', attempt: true, progress: 0.1 };
    });
    if (!row || row.status !== 'RUNNING') return null;
    return { row, work: prepared ?? workOf(row, image) };
  }

  /** The provider answered: SUCCEEDED with its result, unless a cancel came in meanwhile. */
  async succeeded(claimed: ClaimedJob, outcome: { result: StoredResult; provider: ProviderName; durationMs: number }): Promise<JobRow | null> {
    const { row: job } = claimed;
    return this.transition(job.id, 'quick', async (row, manager) => {
      if (row.status !== 'RUNNING' || row.attempts !== job.attempts) return null; // a later run took over
      if (row.cancel_requested) return { status: 'CANCELED', error: ['CANCELED', 'Cancelled while running; your credits were refunded'], refund: 'CANCELED' };
      const [{ credits }] = await manager.query('SELECT credits FROM users WHERE id = $1', [row.user_id]);
      return {
        status: 'SUCCEEDED',
        result: { provider: outcome.provider, durationMs: outcome.durationMs, balance: credits, result: outcome.result },
        succeed: outcome.durationMs,
      };
    });
  }

  /** The run failed: back to QUEUED for another attempt with the same charge, or FAILED and refunded. Returns whether it retries. */
  async failed(claimed: ClaimedJob, failure: AppError): Promise<boolean> {
    const { row: job } = claimed;
    const errorCode = String(failure.extensions.errorCode ?? failure.extensions.code ?? ErrorCode.PROVIDER_ERROR);
    const retryable = RETRYABLE_CODES.has(String(failure.extensions.code));
    const changed = await this.transition(job.id, 'durable', (row) => {
      if (row.status !== 'RUNNING' || row.attempts !== job.attempts) return null;
      if (row.cancel_requested) return { status: 'CANCELED', error: ['CANCELED', 'Cancelled while running; your credits were refunded'], refund: 'CANCELED' };
      if (retryable && row.attempts < this.deps.config.maxAttempts) return { status: 'QUEUED', progress: 0 };
      return { status: 'FAILED', error: [errorCode, failure.message], refund: errorCode, durationMs: Number(failure.extensions.durationMs ?? 0) };
    });
    return changed?.status === 'QUEUED';
  }

  /**
   * What a succeeded synchronous call's job keeps once its caller was answered: null (nothing,
   * as a direct call without an idempotency key keeps nothing) or the replay copy of a call with
   * a key (until the 24 h result retention clears it).
   */
  async keepCallResult(jobId: string, kept: JobRow['result']): Promise<void> {
    await this.deps.dataSource.query(`UPDATE jobs SET result = $2::jsonb WHERE id = $1 AND status = 'SUCCEEDED'`, [
      jobId,
      kept ? JSON.stringify(kept) : null,
    ]);
  }

  /**
   * The sweeper: jobs queued longer than JOB_TTL_MINUTES → EXPIRED and refunded; runs abandoned
   * past the TTL (their queue entry gone) → FAILED and refunded; uploads older than the TTL deleted.
   */
  async sweep(): Promise<{ expired: number; abandoned: number; imagesDeleted: number }> {
    const now = this.deps.clock.now();
    const ttl = this.deps.config.ttlMinutes;
    const due = async (status: string, column: string): Promise<string[]> =>
      (
        await this.deps.dataSource.query(
          `SELECT id FROM jobs WHERE status = $1 AND ${column} < $2::timestamptz - make_interval(mins => $3) ORDER BY created_at LIMIT 500`,
          [status, now, ttl],
        )
      ).map((row: { id: string }) => row.id);
    let expiredCount = 0;
    for (const id of await due('QUEUED', 'created_at')) {
      const row = await this.transition(id, 'durable', (current) => (current.status === 'QUEUED' ? expired() : null));
      if (row) expiredCount++;
    }
    let abandoned = 0;
    for (const id of await due('RUNNING', 'started_at')) {
      const row = await this.transition(id, 'durable', (current) =>
        current.status === 'RUNNING' && current.started_at! < new Date(now.getTime() - ttl * 60_000)
          ? { status: 'FAILED', error: ['WORKER_LOST', 'The job could not be completed; your credits were refunded'], refund: 'WORKER_LOST' }
          : null,
      );
      if (row) abandoned++;
    }
    const [, imagesDeleted] = await this.deps.dataSource.query(
      `DELETE FROM job_images WHERE created_at < $1::timestamptz - make_interval(mins => $2)`,
      [now, ttl],
    );
    await this.deps.dataSource.query(`UPDATE jobs SET result = NULL WHERE result IS NOT NULL AND finished_at < $1::timestamptz - ${RESULT_RETENTION}`, [now]);
    return { expired: expiredCount, abandoned, imagesDeleted: imagesDeleted ?? 0 };
  }

  /** Data export: the user's jobs, without results' image bytes. */
  async exportFor(userId: string): Promise<Array<Record<string, unknown>>> {
    const rows: JobRow[] = await this.deps.dataSource.query('SELECT * FROM jobs WHERE user_id = $1 ORDER BY created_at', [userId]);
    return rows.map((row) => {
      const { result: _result, ...document } = jobDocument(row);
      return { ...document, input: row.input };
    });
  }

  /** Erasure: the user's jobs and any queued upload go (their consumption logs are anonymised by metering). */
  async deleteFor(userId: string, manager: EntityManager = this.deps.dataSource.manager): Promise<number> {
    const [, deleted] = await manager.query('DELETE FROM jobs WHERE user_id = $1', [userId]);
    return deleted ?? 0;
  }

  /**
   * One state change of one job, in one transaction: the row is locked, `decide` says what
   * changes (null: nothing), the money is settled with it, an ended job's upload is deleted and
   * the change is announced (NOTIFY inside, job.updated after the commit).
   */
  private async transition(
    jobId: string,
    commit: Commit,
    decide: (row: JobRow, manager: EntityManager) => Change | null | Promise<Change | null>,
  ): Promise<JobRow | null> {
    const now = this.deps.clock.now();
    const row = await this.deps.dataSource.transaction(async (manager) => {
      const current = await this.read(manager, jobId, { lock: true, commit });
      if (!current) return null;
      const change = await decide(current, manager);
      if (!change) return null;
      const status = change.status ?? current.status;
      const ended = ENDED.includes(status);
      // One round trip: the change, the upload of an ended job deleted, and the change announced.
      const [updated]: JobRow[] = await manager.query(
        `WITH changed AS (
           UPDATE jobs SET status = $2, progress = $3, attempts = attempts + $4, cancel_requested = cancel_requested OR $5,
             started_at = CASE WHEN $4 = 1 THEN $6 ELSE started_at END,
             finished_at = CASE WHEN $7 THEN $6 ELSE NULL END,
             error_code = $8, error_message = $9, result = $10::jsonb
           WHERE id = $1 RETURNING *),
         image AS (DELETE FROM job_images WHERE $7 AND job_id = $1)
         SELECT changed.* FROM changed, LATERAL (SELECT ${CHANGE_NOTIFY('changed', '$11')}) AS sent`,
        [
          jobId,
          status,
          ended ? 1 : (change.progress ?? current.progress),
          change.attempt ? 1 : 0,
          change.cancelRequested ?? false,
          now,
          ended,
          change.error?.[0].slice(0, 64) ?? null,
          change.error?.[1].slice(0, MAX_ERROR_MESSAGE_LENGTH) ?? null,
          change.result ? JSON.stringify(change.result) : null,
          JOB_UPDATED_CHANNEL,
        ],
      );
      if (change.refund) {
        await this.deps.metering.refund(current.consumption_id, { errorCode: change.refund, durationMs: change.durationMs ?? 0 }, manager);
      }
      if (change.succeed !== undefined) await this.deps.metering.succeed(current.consumption_id, { durationMs: change.succeed }, manager);
      if (ended) this.deps.prepared?.drop(jobId);
      return updated;
    });
    if (row) this.announce(row);
    return row;
  }

  /** The job's row; a 'quick' commit is set up in the same round trip (synchronous_commit off for this transaction). */
  private async read(manager: EntityManager, id: string, { lock = false, commit = 'durable' }: { lock?: boolean; commit?: Commit } = {}): Promise<JobRow | null> {
    const quick = commit === 'quick' ? ", (SELECT set_config('synchronous_commit', 'off', true)) AS quick" : '';
    const [row] = await manager.query(`SELECT jobs.* FROM jobs${quick} WHERE id = $1${lock ? ' FOR UPDATE OF jobs' : ''}`, [id]);
    return row ?? null;
  }

  private announce(row: JobRow): void {
    this.deps.feed.publish({ jobId: row.id, userId: row.user_id, batchId: row.batch_id, status: row.status });
    this.deps.events.emit('job.updated', {
      userId: row.user_id,
      jobId: row.id,
      batchId: row.batch_id,
      status: row.status,
      webhookUrl: row.webhook_url,
      document: JSON.parse(JSON.stringify(jobDocument(row))) as Record<string, unknown>,
    });
  }
}

interface Change {
  status?: JobRow['status'];
  progress?: number;
  /** Counts a run: attempts + 1 and started_at now. */
  attempt?: boolean;
  cancelRequested?: boolean;
  error?: [code: string, message: string];
  result?: JobRow['result'];
  /** Refund the charge with this error code. */
  refund?: string;
  durationMs?: number;
  /** Mark the consumption SUCCEEDED with this duration. */
  succeed?: number;
}

/**
 * How a transition commits. 'quick' does not wait for the disk (synchronous_commit off): a
 * worker's claim and its success. Losing one in a database crash is safe: the run's queue entry
 * is handed out again after its expiry, the job row's attempts decide, and the job runs again on
 * the same charge and settles once. Charges, refunds and failures are 'durable'.
 */
type Commit = 'durable' | 'quick';

function expired(): Change {
  return { status: 'EXPIRED', error: ['EXPIRED', 'The job waited in the queue too long; your credits were refunded'], refund: 'EXPIRED' };
}

function workOf(row: JobRow, image: Buffer | null): VisionWork {
  const feature = row.feature as VisionFeature;
  if (row.input.source === 'prompt') return { kind: 'prompt', prompt: row.input.prompt!, options: row.input.options as GenerationOptions };
  if (row.input.source === 'url') return { kind: 'url', feature, url: row.input.url!, options: row.input.options as AnalysisOptions };
  return { kind: 'upload', feature, bytes: image!, options: row.input.options as AnalysisOptions };
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
