import { badInput, unauthenticated } from '../../core/errors';
import type { JobChange, JobFeed } from './job-feed';
import { ENDED, type JobRow } from './job-row';
import { Job } from './jobs.graphql';
import type { JobsService } from './jobs.service';

/** What to follow: one job or every job of one batch (exactly one of them). */
export interface JobTarget {
  id?: string | null;
  batchId?: string | null;
}

/** Answers whether the caller who subscribed may still receive updates (session or token still live). */
export type StillAllowed = () => Promise<boolean>;

/** What a subscriber can see of a job: an event goes out when it changes. */
const signature = (row: JobRow) =>
  [row.status, row.attempts, row.progress, row.started_at?.getTime() ?? '', row.finished_at?.getTime() ?? ''].join('|');

/**
 * Live job progress (the `jobUpdated` subscription): the target's current state first, then each
 * change as the job feed announces it, read back from the database, so nothing between the read
 * and the subscription is missed and every event is a whole Job. Changes are never out of order
 * and never go backwards; two changes closer together than one read arrive as the later state.
 * Ends once the job (every job of the batch) reached a terminal status.
 */
export class JobUpdates {
  constructor(private readonly deps: { jobs: JobsService; feed: Pick<JobFeed, 'subscribe' | 'start'> }) {}

  /**
   * Checks the target (BAD_USER_INPUT, NOT_FOUND for an unknown id or another user's alike)
   * before answering the stream. `stillAllowed` is asked before each change is delivered:
   * once it says no, the stream fails UNAUTHENTICATED.
   */
  async follow(userId: string, target: JobTarget, stillAllowed: StillAllowed): Promise<AsyncIterableIterator<Job>> {
    if (!target.id === !target.batchId) throw badInput('id', 'Send exactly one of id and batchId');
    const pending = new Set<string>();
    let resync = false;
    let wake: (() => void) | null = null;
    const signal = () => {
      wake?.();
      wake = null;
    };
    const matches = (change: JobChange) =>
      change.userId === userId && (target.id ? change.jobId === target.id : change.batchId === target.batchId);
    // Subscribed before the first read: a change committed in between is read again, not lost.
    const unsubscribe = this.deps.feed.subscribe(
      (change) => {
        if (!matches(change)) return;
        pending.add(change.jobId);
        signal();
      },
      () => {
        resync = true;
        signal();
      },
    );
    let initial: JobRow[];
    try {
      await this.deps.feed.start();
      initial = target.id ? [await this.deps.jobs.job(userId, target.id)] : await this.deps.jobs.batch(userId, target.batchId!);
    } catch (error) {
      unsubscribe();
      throw error;
    }

    const seen = new Map<string, string>();
    const open = new Set(initial.map((row) => row.id));
    const stream = new PushStream<Job>(() => {
      unsubscribe();
      signal();
    });
    const emit = (row: JobRow) => {
      const now = signature(row);
      if (seen.get(row.id) === now) return;
      seen.set(row.id, now);
      if (ENDED.includes(row.status)) open.delete(row.id);
      stream.push(Job.from(row));
    };

    const pump = async () => {
      for (const row of initial) emit(row);
      while (open.size && !stream.done) {
        if (!pending.size && !resync) await new Promise<void>((resolve) => (wake = resolve));
        if (stream.done) return;
        const ids = resync ? [...open] : [...pending].filter((id) => open.has(id));
        pending.clear();
        resync = false;
        if (!ids.length) continue;
        if (!(await stillAllowed())) throw unauthenticated('Your session ended or your API token was revoked; subscribe again');
        const rows = await this.deps.jobs.current(userId, ids);
        const found = new Set(rows.map((row) => row.id));
        for (const row of rows) emit(row);
        // Erased meanwhile (the account was deleted): nothing more will come for it.
        for (const id of ids) if (!found.has(id)) open.delete(id);
      }
    };
    pump().then(
      () => stream.end(),
      (error: unknown) => stream.fail(error),
    );
    return stream;
  }
}

/**
 * An async iterator fed from outside: values wait in order until read. `return()` (the client
 * stopped, the socket closed) ends it at once, even while nothing is arriving, and calls `onClose`.
 */
export class PushStream<T> implements AsyncIterableIterator<T> {
  private readonly values: T[] = [];
  private readonly readers: Array<{ resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }> = [];
  private finished = false;
  private error: unknown = null;
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  /** The consumer is gone or the producer finished: produce nothing more. */
  get done(): boolean {
    return this.closed || this.finished;
  }

  push(value: T): void {
    if (this.done) return;
    const reader = this.readers.shift();
    if (reader) reader.resolve({ value, done: false });
    else this.values.push(value);
  }

  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.settleReaders();
    this.close();
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.error = error;
    this.end();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.values.length) return Promise.resolve({ value: this.values.shift()!, done: false });
    if (this.error) {
      const error = this.error;
      this.error = null;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.readers.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.values.length = 0;
    this.error = null;
    this.finished = true;
    this.settleReaders();
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private settleReaders(): void {
    for (const reader of this.readers.splice(0)) {
      if (this.error) {
        reader.reject(this.error);
        this.error = null;
      } else reader.resolve({ value: undefined, done: true });
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
