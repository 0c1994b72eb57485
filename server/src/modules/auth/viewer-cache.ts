import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { ClientConfig } from 'pg';
import type { RequestContext } from '../../core/context';
import type { Logger } from '../../core/logger';
import { PgListener } from '../../core/pg-listen';

export const VIEWER_CHANGED_CHANNEL = 'vg_viewer_changed';
const MAX_ENTRIES = 10_000;

/**
 * The authentication lookup (the caller's account row) kept in memory for a short time, so a
 * repeated cookie or token costs no SQL.
 *
 * Safe because the database says when a row changes: a trigger on `users` announces every change
 * to the cached columns (balance, role, token version, disabled, deleted, e-mail, names) on a
 * LISTEN/NOTIFY channel, whichever process or script made it, and the entry is dropped as the
 * announcement arrives (about a millisecond after commit). The TTL only bounds the damage if an
 * announcement were ever lost. Without a live LISTEN connection the cache stays off and every
 * request reads the row; after a reconnect it starts empty.
 */
export class ViewerCache<Row extends object> {
  private readonly entries = new Map<string, { row: Readonly<Row>; expiresAtMs: number }>();
  /**
   * Users whose row is being read from the database: a change announced meanwhile marks the read,
   * and its row is not stored (it may be older than the change).
   */
  private readonly reading = new Map<string, { readers: number; changed: boolean }>();
  private readonly listener: PgListener;
  private listening = false;

  constructor(
    connection: ClientConfig,
    private readonly ttlMs: number,
    logger: Logger,
    /** The LISTEN channel whose payloads are the keys to drop (the session cache uses its own). */
    channel: string = VIEWER_CHANGED_CHANNEL,
  ) {
    // Notifications may have been missed while the connection was lost: forget everything meanwhile.
    this.listener = new PgListener(connection, channel, logger, {
      payload: (userId) => this.invalidate(userId),
      listening: () => (this.listening = true),
      lost: () => this.goDark(),
      lostMessage: 'cache lost its LISTEN connection; reading every request from the database',
    });
  }

  get enabled(): boolean {
    return this.ttlMs > 0 && this.listening;
  }

  /** Starts listening; resolves once the cache can be used (or is disabled by a TTL of 0). */
  async start(): Promise<void> {
    if (this.ttlMs > 0) await this.listener.start();
  }

  /** The user's row from memory, else from `load` (kept for next time unless it changed meanwhile). */
  async through(userId: string, load: () => Promise<Row | null>): Promise<Readonly<Row> | null> {
    const cached = this.get(userId);
    if (cached) return cached;
    if (!this.enabled) return load();
    let read = this.reading.get(userId);
    if (!read) this.reading.set(userId, (read = { readers: 0, changed: false }));
    read.readers++;
    try {
      const row = await load();
      if (row && !read.changed && this.enabled) this.put(userId, row);
      return row;
    } finally {
      if (--read.readers === 0 && this.reading.get(userId) === read) this.reading.delete(userId);
    }
  }

  /** Drops a user's row (their own mutation in this process; the trigger covers everything else). */
  invalidate(userId: string): void {
    this.entries.delete(userId);
    const read = this.reading.get(userId);
    if (read) read.changed = true;
  }

  private get(userId: string): Readonly<Row> | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(userId);
    if (!entry) return undefined;
    if (entry.expiresAtMs > Date.now()) return entry.row;
    this.entries.delete(userId);
    return undefined;
  }

  private put(userId: string, row: Row): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(userId, { row: Object.freeze(row), expiresAtMs: Date.now() + this.ttlMs });
  }

  async close(): Promise<void> {
    this.goDark();
    await this.listener.close();
  }

  private goDark(): void {
    this.listening = false;
    this.entries.clear();
    for (const read of this.reading.values()) read.changed = true;
  }
}

/**
 * A mutation drops its caller's cached row before the answer leaves, so the caller's next
 * request here reads what the mutation wrote without waiting for the announcement.
 */
export function dropViewerAfterMutation(viewers: { invalidate(userId: string): void }): ApolloServerPlugin<RequestContext> {
  const listeners: GraphQLRequestListener<RequestContext> = {
    async willSendResponse({ operation, contextValue }) {
      if (operation?.operation === 'mutation' && contextValue.viewer) viewers.invalidate(contextValue.viewer.userId);
    },
  };
  return { requestDidStart: async () => listeners };
}
