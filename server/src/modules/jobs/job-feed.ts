import Redis from 'ioredis';
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

/** Where job changes travel between processes when REDIS_URL is set. */
export interface JobFeedRedis {
  url: string;
  /** The pub/sub channel (prefixed like the rate-limit keys, so deployments sharing a Redis stay apart). */
  channel: string;
}

type ChangeListener = (change: JobChange) => void;

/**
 * Job changes from every process on this database: the subscription server (`jobUpdated`) and
 * anything waiting for a job subscribe here. One connection per process carries them, shared by
 * every subscriber:
 * - by default a PostgreSQL LISTEN on `vg_job_updated` (the NOTIFY is sent inside the
 *   transaction of the change, so it arrives once the change committed, in commit order);
 * - with REDIS_URL, a Redis SUBSCRIBE: `publish` sends each change once it committed (the
 *   process that made the change publishes it; the NOTIFY is still sent, nobody listens to it).
 * After a lost connection came back, `onResync` subscribers are told: changes may have been missed.
 */
export class JobFeed {
  private readonly listeners = new Set<ChangeListener>();
  private readonly resyncs = new Set<() => void>();
  private readonly listener: ChannelListener<JobChange> | null = null;
  private subscriber: Redis | null = null;
  private publisher: Redis | null = null;
  private started: Promise<void> | null = null;
  private closed = false;
  private publishFailing = false;

  constructor(
    connection: ClientConfig,
    private readonly logger: Logger,
    private readonly redis?: JobFeedRedis,
  ) {
    if (!redis) {
      this.listener = new ChannelListener<JobChange>(connection, JOB_UPDATED_CHANNEL, logger, () => this.resync());
    }
  }

  /** What carries the changes, as the shutdown log names it. */
  get transport(): string {
    return this.redis ? 'Redis connections' : 'LISTEN connection';
  }

  /** Resolves once changes are being received (or the first attempt failed: it keeps trying). */
  start(): Promise<void> {
    this.started ??= this.listener ? this.listenPostgres(this.listener) : this.subscribeRedis(this.redis!);
    return this.started;
  }

  subscribe(listener: ChangeListener, onResync?: () => void): () => void {
    this.listeners.add(listener);
    if (onResync) this.resyncs.add(onResync);
    void this.start();
    return () => {
      this.listeners.delete(listener);
      if (onResync) this.resyncs.delete(onResync);
    };
  }

  /**
   * A change that committed: sent to Redis in Redis mode. Without Redis nothing is to be done,
   * the NOTIFY of the transaction carries it.
   */
  publish(change: JobChange): void {
    if (!this.redis || this.closed) return;
    this.publisher ??= this.redisClient(this.redis.url, 'publisher');
    this.publisher.publish(this.redis.channel, JSON.stringify(change)).then(
      () => (this.publishFailing = false),
      (error: unknown) => {
        // One line per outage; the subscribers' first event (the current state) makes up for it when they come back.
        if (!this.publishFailing) this.logger.warn({ err: error, jobId: change.jobId }, 'could not publish a job change to Redis');
        this.publishFailing = true;
      },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.resyncs.clear();
    await this.listener?.close();
    for (const client of [this.subscriber, this.publisher]) {
      if (!client) continue;
      await client.quit().catch(() => client.disconnect());
    }
    this.subscriber = this.publisher = null;
  }

  private deliver(change: JobChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private resync(): void {
    for (const resync of this.resyncs) resync();
  }

  private listenPostgres(listener: ChannelListener<JobChange>): Promise<void> {
    listener.subscribe((change) => this.deliver(change));
    return listener.start();
  }

  private async subscribeRedis(redis: JobFeedRedis): Promise<void> {
    if (this.closed) return;
    const subscriber = this.redisClient(redis.url, 'subscriber');
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, payload: string) => {
      if (channel !== redis.channel) return;
      let change: JobChange;
      try {
        change = JSON.parse(payload) as JobChange;
      } catch {
        return;
      }
      this.deliver(change);
    });
    let subscribed = false;
    // ioredis subscribes again by itself after a reconnect; what was published meanwhile is lost.
    subscriber.on('ready', () => {
      if (subscribed) this.resync();
    });
    const attempt = async (tries: number): Promise<void> => {
      try {
        await subscriber.subscribe(redis.channel);
        if (tries > 0) this.resync();
        subscribed = true;
      } catch (error) {
        if (this.closed) return;
        if (tries === 0) this.logger.warn({ err: error }, 'could not subscribe to job changes in Redis yet; retrying');
        const timer = setTimeout(() => void attempt(tries + 1), RECONNECT_MS[Math.min(tries, RECONNECT_MS.length - 1)]);
        timer.unref();
      }
    };
    // Resolves after the first attempt: subscribers read the current state meanwhile, and are
    // told to read again (resync) once the subscription is in place.
    await attempt(0);
  }

  private redisClient(url: string, role: string): Redis {
    const client = new Redis(url, { maxRetriesPerRequest: 2 });
    let warned = false;
    // Reconnects by itself; one line per outage, not one per retry.
    client.on('error', (error: unknown) => {
      if (!warned) this.logger.warn({ err: error, role }, 'job feed: Redis connection error; reconnecting');
      warned = true;
    });
    client.on('ready', () => (warned = false));
    return client;
  }
}
