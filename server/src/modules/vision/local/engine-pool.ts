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
  /** Requests allowed to wait behind the running one; one more is refused with BUSY. */
  queueLimit: number;
  /** Called with the details of a crash or failed request (they are not shown to callers). */
  onFailure?: (message: string) => void;
}

/**
 * One worker thread running one model engine, fed one request at a time from a bounded queue.
 * The worker starts on the first request and keeps its models loaded for the life of the
 * process; a crashed worker is replaced (and reloads) on the next request. Idle workers are
 * unref'd so they never keep the process alive.
 */
export class EngineWorker {
  private worker: Worker | null = null;
  private running: Job | null = null;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    readonly engine: string,
    private readonly options: EngineWorkerOptions,
    private readonly script = ENGINE_WORKER_SCRIPT,
  ) {}

  /** Requests waiting (not counting the one running). */
  get queued(): number {
    return this.queue.length;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  run<T>(payload: unknown, signal?: AbortSignal): Promise<T> {
    if (this.closed) return Promise.reject(new AppError(ErrorCode.PROVIDER_ERROR, 'The local vision provider is shut down'));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.running && this.queue.length >= this.options.queueLimit) {
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

  /** Stops the worker; waiting and running requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    const shutDown = new AppError(ErrorCode.PROVIDER_ERROR, 'The local vision provider is shut down');
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(shutDown));
    const running = this.running;
    if (running) this.settle(running, () => running.reject(shutDown));
    this.running = null;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private settle(job: Job, action: () => void): void {
    if (job.settled) return;
    job.settled = true;
    job.detach();
    action();
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    const worker = this.worker ?? this.spawn();
    this.running = job;
    worker.ref();
    worker.postMessage({ id: job.id, payload: job.payload });
  }

  private spawn(): Worker {
    // env stated explicitly: the worker sees the environment as this module's process has it
    // (under jest that is the test's sandboxed process.env, e.g. a redirected TMPDIR).
    const worker = new Worker(this.script, { workerData: { engine: this.engine }, env: process.env });
    worker.unref();
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const job = this.running;
      if (!job || job.id !== message.id) return;
      this.running = null;
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
      if (this.worker !== worker) return; // already replaced or closed
      this.worker = null;
      const job = this.running;
      this.running = null;
      this.options.onFailure?.(detail);
      if (job) this.settle(job, () => job.reject(providerError(this.engine)));
      this.pump();
    };
    worker.on('error', (error) => onDeath(`${this.engine} worker crashed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => onDeath(`${this.engine} worker exited with code ${code}`));
    this.worker = worker;
    return worker;
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
