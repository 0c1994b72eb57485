import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { AppError, ErrorCode } from '../../../core/errors';

/** The plain-JS entry every model worker runs (see workers/engine-worker.js). */
export const ENGINE_WORKER_SCRIPT = path.join(__dirname, 'workers', 'engine-worker.js');

interface Job {
  id: number;
  payload: unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  /** Set once the caller stopped waiting (aborted); the worker's answer is then dropped. */
  settled: boolean;
  detach: () => void;
}

export interface EngineWorkerOptions {
  /** Requests allowed to wait while every thread is busy; one more is refused with BUSY. */
  queueLimit: number;
  /** Threads (each with its own copy of the models) this engine may run at once; default 1. */
  threads?: number;
  /**
   * Linux nice of the engine's threads (0–19; 0 or unset: the process's priority). Models take
   * every core they get; a lower priority keeps the process's own event loop (API requests,
   * job bookkeeping) answering while they run.
   */
  nice?: number;
  /** Called with the details of a crash or failed request (they are not shown to callers). */
  onFailure?: (message: string) => void;
}

/** One worker thread of an engine and the request it is running, if any. */
interface EngineThread {
  worker: Worker;
  running: Job | null;
}

/**
 * One model engine served by up to `threads` worker threads, each holding its own copy of the
 * models and running one request at a time, fed from one bounded queue. The first thread starts
 * on the first request; another starts only when a request finds every thread busy, so a quiet
 * process keeps one copy. Threads keep their models loaded for the life of the process; a
 * crashed one is replaced (and reloads) on the next request. Idle threads are unref'd so they
 * never keep the process alive.
 */
export class EngineWorker {
  private readonly threads: EngineThread[] = [];
  private readonly queue: Job[] = [];
  private readonly maxThreads: number;
  private nextId = 1;
  private closed = false;

  constructor(
    readonly engine: string,
    private readonly options: EngineWorkerOptions,
    private readonly script = ENGINE_WORKER_SCRIPT,
  ) {
    this.maxThreads = Math.max(1, options.threads ?? 1);
  }

  /** Requests waiting (not counting the running ones). */
  get queued(): number {
    return this.queue.length;
  }

  get busy(): boolean {
    return this.threads.some((thread) => thread.running !== null);
  }

  /** Worker threads started (and alive) now. */
  get threadCount(): number {
    return this.threads.length;
  }

  run<T>(payload: unknown, signal?: AbortSignal): Promise<T> {
    if (this.closed) return Promise.reject(new AppError(ErrorCode.PROVIDER_ERROR, 'The local vision provider is shut down'));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (!this.hasRoom() && this.queue.length >= this.options.queueLimit) {
      return Promise.reject(new AppError(ErrorCode.BUSY, 'The local models are busy; try again shortly'));
    }
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        payload,
        resolve: resolve as (value: unknown) => void,
        reject,
        settled: false,
        detach: () => {},
      };
      if (signal) {
        const onAbort = () => {
          const waiting = this.queue.indexOf(job);
          if (waiting >= 0) this.queue.splice(waiting, 1);
          // A running request cannot be interrupted without losing the loaded models, so it
          // finishes in the background and its answer is dropped.
          this.settle(job, () => reject(abortError(signal)));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        job.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Stops every thread; waiting and running requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    const shutDown = new AppError(ErrorCode.PROVIDER_ERROR, 'The local vision provider is shut down');
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(shutDown));
    const threads = this.threads.splice(0);
    for (const { running } of threads) if (running) this.settle(running, () => running.reject(shutDown));
    await Promise.all(threads.map(({ worker }) => worker.terminate()));
  }

  /** An idle thread, or room to start one. */
  private hasRoom(): boolean {
    return this.threads.length < this.maxThreads || this.threads.some((thread) => thread.running === null);
  }

  private settle(job: Job, action: () => void): void {
    if (job.settled) return;
    job.settled = true;
    job.detach();
    action();
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      const thread = this.threads.find((candidate) => candidate.running === null) ?? (this.threads.length < this.maxThreads ? this.spawn() : undefined);
      if (!thread) return;
      const job = this.queue.shift()!;
      thread.running = job;
      thread.worker.ref();
      thread.worker.postMessage({ id: job.id, payload: job.payload });
    }
  }

  private spawn(): EngineThread {
    // env stated explicitly: the worker sees the environment as this module's process has it
    // (under jest that is the test's sandboxed process.env, e.g. a redirected TMPDIR).
    const worker = new Worker(this.script, { workerData: { engine: this.engine, siblings: this.maxThreads, nice: this.options.nice ?? 0 }, env: process.env });
    const thread: EngineThread = { worker, running: null };
    worker.unref();
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const job = thread.running;
      if (!job || job.id !== message.id) return;
      thread.running = null;
      worker.unref();
      if (message.error !== undefined) {
        this.options.onFailure?.(message.error);
        this.settle(job, () => job.reject(providerError(this.engine)));
      } else {
        this.settle(job, () => job.resolve(message.result));
      }
      this.pump();
    });
    const onDeath = (detail: string) => {
      const index = this.threads.indexOf(thread);
      if (index < 0) return; // already gone (closed, or the other of 'error' and 'exit')
      this.threads.splice(index, 1);
      const job = thread.running;
      thread.running = null;
      this.options.onFailure?.(detail);
      if (job) this.settle(job, () => job.reject(providerError(this.engine)));
      this.pump();
    };
    worker.on('error', (error) => onDeath(`${this.engine} worker crashed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => onDeath(`${this.engine} worker exited with code ${code}`));
    this.threads.push(thread);
    return thread;
  }
}

function providerError(engine: string): AppError {
  return new AppError(ErrorCode.PROVIDER_ERROR, `The local ${engine} model failed to process the image`);
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new AppError(ErrorCode.PROVIDER_ERROR, 'The local analysis was cancelled');
}
