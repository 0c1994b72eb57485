import { Worker } from 'node:worker_threads';

interface Job {
  id: number;
  payload: unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * A small fixed pool of worker threads running one script (given as source), so CPU-heavy work
 * (bcrypt, image decoding) never blocks the event loop. Workers are unref'd: an idle pool does
 * not keep the process alive. The script answers `{id, result}` or `{id, error}` per message.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private nextId = 1;

  constructor(
    private readonly source: string,
    private readonly size: number,
  ) {}

  run<T>(payload: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, payload, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  get queued(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
    this.all.length = 0;
    this.idle.length = 0;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.all.length < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, payload: job.payload });
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.source, { eval: true });
    worker.unref();
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if (job) {
        if (message.error !== undefined) job.reject(new Error(message.error));
        else job.resolve(message.result);
      }
      this.pump();
    });
    worker.on('error', (error) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      this.all.splice(this.all.indexOf(worker), 1);
      job?.reject(error);
      this.pump();
    });
    this.all.push(worker);
    return worker;
  }
}
