import { Client, type ClientConfig, type Notification } from 'pg';
import type { Logger } from '../../core/logger';

/** The channel of every job state change: `{ jobId, userId, batchId, status }` as JSON. */
export const JOB_UPDATED_CHANNEL = 'vg_job_updated';
/** Sent when jobs are queued: workers fetch at once instead of waiting for their next poll. */
export const JOB_QUEUED_CHANNEL = 'vg_job_queued';

export interface JobChange {
  jobId: string;
  userId: string;
  batchId: string | null;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'EXPIRED';
}

const RECONNECT_MS = [100, 500, 1_000, 5_000];

/**
 * One LISTEN connection to a channel, shared by every subscriber of this process; reconnects
 * when the connection drops (listeners are told with `onReconnect`, as changes may have been missed).
 */
export class ChannelListener<T> {
  private readonly listeners = new Set<(message: T) => void>();
  private client: Client | null = null;
  private closed = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private started: Promise<void> | null = null;

  constructor(
    private readonly connection: ClientConfig,
    private readonly channel: string,
    private readonly logger: Logger,
    private readonly onReconnect: () => void = () => undefined,
  ) {}

  /** Resolves once the LISTEN is in place (or failed: it keeps trying in the background); the first subscriber starts it too. */
  start(): Promise<void> {
    this.started ??= this.connect();
    return this.started;
  }

  subscribe(listener: (message: T) => void): () => void {
    this.listeners.add(listener);
    void this.start();
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    this.listeners.clear();
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client(this.connection);
    client.on('notification', (message: Notification) => {
      if (!message.payload) return;
      let parsed: T;
      try {
        parsed = JSON.parse(message.payload) as T;
      } catch {
        return;
      }
      for (const listener of this.listeners) listener(parsed);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.attempt > 0) this.onReconnect();
      this.attempt = 0;
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.closed) return;
    if (error) this.logger.warn({ err: error, channel: this.channel }, 'lost a LISTEN connection; reconnecting');
    const delay = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)];
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }
}

/**
 * Job changes from every process on this database (PostgreSQL LISTEN/NOTIFY): the subscription
 * server and the synchronous calls waiting for their job subscribe here.
 */
export class JobFeed {
  private readonly listener: ChannelListener<JobChange>;

  constructor(connection: ClientConfig, logger: Logger) {
    this.listener = new ChannelListener<JobChange>(connection, JOB_UPDATED_CHANNEL, logger);
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  subscribe(listener: (change: JobChange) => void): () => void {
    return this.listener.subscribe(listener);
  }

  close(): Promise<void> {
    return this.listener.close();
  }
}
