import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../features/auth/operations';
import { JobUpdatedSubscription } from '../features/jobs/operations';
import type { JobFieldsFragment } from '../gql/graphql';
import { testJob } from '../test/jobs';
import { createApolloClient, webSocketUrl } from './apollo';
import { getLiveStatus } from './live-status';

/**
 * graphql-ws's server runs outside vite and loads graphql's CommonJS build; the schema must come from
 * that same copy (vite would hand this file the ES module build, a second instance).
 */
const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** The committed schema, as the server prints it. */
function clientSchema() {
  const root = path.resolve(__dirname, '..', '..', '..');
  return buildSchema(readFileSync(path.join(root, 'schema.graphql'), 'utf8'));
}

/** One port, as the API serves it: POST /graphql over HTTP, graphql-ws upgrades on the same path. */
async function startApi(events: JobFieldsFragment[]) {
  const posts: string[] = [];
  const http: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      posts.push(JSON.parse(body).operationName);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { me: null } }));
    });
  });
  const sockets = new WebSocketServer({ server: http, path: '/graphql' });
  const subscribed: unknown[] = [];
  useServer(
    {
      schema: clientSchema(),
      roots: {
        subscription: {
          jobUpdated: async function* (args: unknown) {
            subscribed.push(args);
            for (const job of events) yield { jobUpdated: job };
          },
        },
      },
    },
    sockets,
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    httpUrl: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    posts,
    subscribed,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.clients.forEach((client) => client.terminate());
        sockets.close();
        http.close(() => resolve());
      }),
  };
}

let stop: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of stop.reverse()) await fn();
  stop = [];
});

describe('apollo client', () => {
  it('derives the socket address from the page: ws on http, wss on https, same host and path', () => {
    expect(webSocketUrl('/graphql', { protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173/graphql');
    expect(webSocketUrl('/graphql', { protocol: 'https:', host: 'vision.example.com' })).toBe('wss://vision.example.com/graphql');
  });

  it('sends subscriptions over graphql-ws and everything else over HTTP; the live status follows the socket', async () => {
    const events = [
      testJob({ id: 'job-1', status: 'QUEUED' }),
      testJob({ id: 'job-1', status: 'RUNNING', progress: 0.5 }),
      testJob({ id: 'job-1', status: 'SUCCEEDED', progress: 1 }),
    ];
    const api = await startApi(events);
    stop.push(api.close);
    const client = createApolloClient(api.httpUrl, api.wsUrl);
    stop.push(() => client.stop());

    await client.query({ query: ViewerQuery, fetchPolicy: 'network-only' });
    expect(api.posts).toEqual(['Viewer']);

    const received = await new Promise<string[]>((resolve, reject) => {
      const statuses: string[] = [];
      client.subscribe({ query: JobUpdatedSubscription, variables: { id: 'job-1' } }).subscribe({
        next: (result) => {
          if (result.error) reject(result.error);
          else statuses.push(`${result.data?.jobUpdated.status} ${result.data?.jobUpdated.progress}`);
        },
        error: reject,
        complete: () => resolve(statuses),
      });
    });
    expect(received).toEqual(['QUEUED 0', 'RUNNING 0.5', 'SUCCEEDED 1']);
    expect(api.subscribed).toEqual([{ id: 'job-1' }]);
    // No subscription went over HTTP.
    expect(api.posts).toEqual(['Viewer']);
    expect(getLiveStatus()).toBe('connected');
    // Each event was written to the normalized cache: every view of the job shows the last one.
    expect((client.cache.extract() as Record<string, unknown>)['Job:job-1']).toMatchObject({ status: 'SUCCEEDED', progress: 1 });

    // The server goes away: pages fall back to polling.
    await api.close();
    await expect.poll(getLiveStatus).toBe('down');
  });
});
