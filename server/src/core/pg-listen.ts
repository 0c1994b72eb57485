import { Client, type ClientConfig, type Notification } from 'pg';
import type { Logger } from './logger';

/** Delays between reconnect attempts: the last one repeats. */
export const RECONNECT_MS = [100, 500, 1_000, 5_000];

/**
 * A new connection LISTENing on `channel`: `listening` settles once the LISTEN is in place (or
 * rejects when connecting or the LISTEN failed); every non-empty payload goes to `onPayload`,
 * and `onLost` hears of the connection's error or end.
 */
function listenOn(
  connection: ClientConfig,
  channel: string,
  onPayload: (payload: string) => void,
  onLost: (client: Client, error?: unknown) => void,
): { client: Client; listening: Promise<void> } {
  const client = new Client(connection);
  client.on('notification', (message: Notification) => {
    if (message.payload) onPayload(message.payload);
  });
  client.on('error', (error) => onLost(client, error));
  client.on('end', () => onLost(client));
  const listening = client.connect().then(async () => {
    await client.query(`LISTEN ${channel}`);
  });
  return { client, listening };
}

export interface PgListenerEvents {
  /** A notification's (non-empty) payload. */
  payload(payload: string): void;
  /** The LISTEN is in place; `reconnected` after a lost connection came back (notifications may have been missed). */
  listening?(reconnected: boolean): void;
  /** The connection was lost (notifications from now on are missed until `listening` again). */
  lost?(): void;
  /** The warning logged when a connection is lost with an error. */
  lostMessage: string;
}

/**
 * One LISTEN connection to a channel that reconnects (with growing delays) whenever it drops,
 * until closed.
 */
export class PgListener {
  private client: Client | null = null;
  private closed = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private started: Promise<void> | null = null;

  constructor(
    private readonly connection: ClientConfig,
    private readonly channel: string,
    private readonly logger: Logger,
    private readonly events: PgListenerEvents,
  ) {}

  /** Resolves once the LISTEN is in place, or the first attempt failed (it keeps trying in the background). */
  start(): Promise<void> {
    this.started ??= this.connect();
    return this.started;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const { client, listening } = listenOn(
      this.connection,
      this.channel,
      (payload) => this.events.payload(payload),
      (lost, error) => this.lost(lost, error),
    );
    this.client = client;
    try {
      await listening;
    } catch (error) {
      this.lost(client, error);
      return;
    }
    // Closed, or lost again, while the LISTEN was being set up: nothing to announce.
    if (this.closed || this.client !== client) return;
    const reconnected = this.attempt > 0;
    this.attempt = 0;
    this.events.listening?.(reconnected);
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    this.events.lost?.();
    client.end().catch(() => undefined);
    if (this.closed) return;
    if (error) this.logger.warn({ err: error, channel: this.channel }, this.events.lostMessage);
    const delay = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)];
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }
}
