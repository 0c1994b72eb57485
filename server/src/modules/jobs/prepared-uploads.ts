import type { AcceptedImage, VisionWork } from '../vision';

/** Pixels held for this process's own runs at most (the rest are decoded again from their sealed copy). */
export const PREPARED_UPLOADS_MAX_BYTES = 64 * 1024 * 1024;
/** A job another process claimed leaves its entry here: it goes after this long. */
export const PREPARED_UPLOADS_TTL_MS = 60_000;

/** A queued upload's run, its image already decoded by this process's intake. */
export type PreparedWork = Extract<VisionWork, { kind: 'upload' }> & { accepted: AcceptedImage };

interface Entry {
  work: PreparedWork;
  bytes: number;
  keptAt: number;
}

/**
 * The hand-off from a process's intake to its own job runner (`npm start` runs both): a job
 * submitted and claimed in the same process starts from the image its intake already decoded,
 * instead of reading the sealed copy back and decoding it a second time, and can start before
 * its claim commits (see JobRunner). The sealed copy in
 * PostgreSQL stays the job's durable input; this is only a shortcut, held in memory and bounded:
 * past `maxBytes` a new image is not kept (the queue runs oldest first, so the images held are
 * the next to run), and every entry goes after `ttlMs`.
 */
export class PreparedUploads {
  private readonly entries = new Map<string, Entry>();
  private held = 0;

  constructor(
    private readonly limits: { maxBytes: number; ttlMs: number } = { maxBytes: PREPARED_UPLOADS_MAX_BYTES, ttlMs: PREPARED_UPLOADS_TTL_MS },
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get heldBytes(): number {
    return this.held;
  }

  keep(jobId: string, work: PreparedWork): void {
    this.forgetExpired();
    const { original, prepared } = work.accepted;
    const bytes = original.bytes.length + (prepared.rgb?.length ?? 0) + (prepared.data?.length ?? 0);
    this.drop(jobId);
    if (this.held + bytes > this.limits.maxBytes) return;
    this.entries.set(jobId, { work, bytes, keptAt: this.now() });
    this.held += bytes;
  }

  /** The run of a job submitted here, once (null when it was never kept, dropped or expired). */
  take(jobId: string): PreparedWork | null {
    const entry = this.entries.get(jobId);
    if (!entry) return null;
    this.drop(jobId);
    return this.now() - entry.keptAt <= this.limits.ttlMs ? entry.work : null;
  }

  drop(jobId: string): void {
    const entry = this.entries.get(jobId);
    if (!entry) return;
    this.entries.delete(jobId);
    this.held -= entry.bytes;
  }

  private forgetExpired(): void {
    const cutoff = this.now() - this.limits.ttlMs;
    // Maps iterate in insertion order: the first entries are the oldest.
    for (const [jobId, entry] of this.entries) {
      if (entry.keptAt >= cutoff) break;
      this.drop(jobId);
    }
  }
}
