import Redis from 'ioredis';
import type { ClientConfig } from 'pg';
import type { Logger } from '../../core/logger';
import { PgListener, RECONNECT_MS } from '../../core/pg-listen';

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

/** A message's JSON payload; undefined (the message is dropped) when it is not JSON. */
function parseMessage<T>(payload: string): T | undefined {
  try {
    return JSON.parse(payload) as T;
  } catch {
    return undefined;
  }
}

/**
 * One LISTEN connection to a channel, shared by every subscriber of this process; reconnects
 * when the connection drops (listeners are told with `onReconnect`, as changes may have been missed).
 */
export class ChannelListener<T> {
  private readonly listeners = new Set<(message: T) => void>();
  private readonly listener: PgListener;

  constructor(connection: ClientConfig, channel: string, logger: Logger, onReconnect: () => void = () => undefined) {
    this.listener = new PgListener(connection, channel, logger, {
      payload: (payload) => this.deliver(payload),
      listening: (reconnected) => {
        if (reconnected) onReconnect();
      },
      lostMessage: 'lost a LISTEN connection; reconnecting',
    });
  }

  /** Resolves once the LISTEN is in place (or failed: it keeps trying in the background); the first subscriber starts it too. */
  start(): Promise<void> {
    return this.listener.start();
  }

  subscribe(listener: (message: T) => void): () => void {
    this.listeners.add(listener);
    void this.start();
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.listener.close();
  }

  private deliver(payload: string): void {
    const message = parseMessage<T>(payload);
    if (message === undefined) return;
    for (const listener of this.listeners) listener(message);
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
      const change = parseMessage<JobChange>(payload);
      if (change !== undefined) this.deliver(change);
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
