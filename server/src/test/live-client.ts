import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** One subscription's outcome as a graphql-ws client sees it. */
export interface LiveSubscription<T = Record<string, any>> {
  /** The `data` of every event, in order. */
  events: T[];
  /** Errors of an event or of the operation (GraphQL errors, or the close event of the socket). */
  errors: Array<{ message?: string; extensions?: Record<string, any>; code?: number; reason?: string }>;
  /** Resolves once the subscription completed or failed. */
  ended: Promise<void>;
  /** Resolves once `count` events arrived (rejects when the subscription ended before). */
  received(count: number): Promise<T[]>;
  stop(): void;
}

/**
 * A graphql-ws client on `ws`, as a Node integration would use it: the session cookie on the
 * upgrade request and/or connection params (an API token). No retries: a closed socket is an outcome.
 */
export function liveClient(httpUrl: string, options: { cookie?: string; connectionParams?: Record<string, unknown> } = {}): Client {
  const headers: Record<string, string> = options.cookie ? { cookie: options.cookie } : {};
  class WithHeaders extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WithHeaders,
    connectionParams: options.connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

/** Runs `use` with a live client (see liveClient), disposed of afterwards however `use` ends. */
export async function withLiveClient<T>(
  httpUrl: string,
  options: { cookie?: string; connectionParams?: Record<string, unknown> },
  use: (live: Client) => Promise<T>,
): Promise<T> {
  const live = liveClient(httpUrl, options);
  try {
    return await use(live);
  } finally {
    await live.dispose();
  }
}

export function subscribe<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown> = {}): LiveSubscription<T> {
  const events: T[] = [];
  const errors: LiveSubscription['errors'] = [];
  const waiters: Array<() => void> = [];
  let endedNow = false;
  const wakeAll = () => {
    for (const wake of waiters.splice(0)) wake();
  };
  let stop: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => {
    const finish = () => {
      endedNow = true;
      wakeAll();
      resolve();
    };
    stop = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) errors.push(...(result.errors as LiveSubscription['errors']));
          if (result.data) events.push(result.data as T);
          wakeAll();
        },
        error: (error) => {
          if (Array.isArray(error)) errors.push(...error);
          else if (error && typeof error === 'object' && 'code' in error) {
            const closed = error as { code: number; reason: string };
            errors.push({ code: closed.code, reason: closed.reason });
          } else errors.push({ message: String(error) });
          finish();
        },
        complete: finish,
      },
    );
  });
  const received = async (count: number) => {
    while (events.length < count) {
      if (endedNow) throw new Error(`the subscription ended after ${events.length} events: ${JSON.stringify({ events, errors })}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    return events.slice(0, count);
  };
  return { events, errors, ended, received, stop: () => stop() };
}

export const JOB_UPDATED = `subscription ($id: ID, $batchId: ID) {
  jobUpdated(id: $id, batchId: $batchId) { id status progress attempts batchId finishedAt result { faces { score } } error { code } }
}`;
