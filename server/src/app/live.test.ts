import WebSocket from 'ws';
import { GraphQLTestClient, TestServer, signUp, startTestServer, useTestServer } from '../test/harness';
import { JOB_UPDATED, liveClient, subscribe, withLiveClient } from '../test/live-client';
import { VisionFeature } from '../modules/vision';
import { CANCEL, SUBMIT_URL } from '../modules/jobs/testing';
import { LIVE_LIMITS } from './live';

/**
 * The live endpoint (app/live.ts): graphql-ws on the HTTP server's own port and `/graphql`, its
 * limits, what hostile clients get, and shutdown. Jobs stay queued (VISION_WORKERS=0).
 */
const env = { SIGNUP_RATE_LIMIT: '1000', VISION_WORKERS: '0', ALLOW_LOOPBACK_URLS: 'true', GRAPHQL_MAX_DEPTH: '4' };

/** A raw socket speaking (or not) graphql-transport-ws; answers how the server closed it. */
function rawSocket(url: string, options: { path?: string; headers?: Record<string, string> } = {}) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${options.path ?? '/graphql'}`, 'graphql-transport-ws', { headers: options.headers });
  const messages: Array<Record<string, any>> = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  ws.on('error', () => undefined);
  return { ws, messages, opened, closed };
}

async function nextMessage(messages: Array<Record<string, any>>, type: string) {
  for (;;) {
    const found = messages.find((message) => message.type === type);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the live endpoint', () => {
  const server = useTestServer({ env });
  let owner: GraphQLTestClient;
  let cookie: string;

  beforeAll(async () => {
    owner = server.client();
    await signUp(owner);
    cookie = owner.authHeaders().cookie;
  });

  const queuedJob = async (): Promise<string> =>
    (await owner.ok(SUBMIT_URL, { feature: VisionFeature.FACE_DETECTION, url: 'http://127.0.0.1:9/x.png' })).submitAnalysis.id;

  it('upgrades /graphql only: any other path has its socket destroyed', async () => {
    const other = rawSocket(server.url, { path: '/live' });
    await expect(other.opened).rejects.toThrow();
    const graphql = rawSocket(server.url);
    await graphql.opened;
    graphql.ws.close();
    expect((await owner.request('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('serves only subscriptions: queries and mutations go over HTTP', async () => {
    await withLiveClient(server.url, { cookie }, async (live) => {
      const sub = subscribe(live, '{ me { id } }');
      await sub.ended;
      expect(sub.events).toEqual([]);
      expect(sub.errors.map((error) => error.extensions?.code)).toEqual(['BAD_REQUEST']);
    });
  });

  it('applies the document limits of HTTP (GRAPHQL_MAX_DEPTH) and parse errors', async () => {
    const id = await queuedJob();
    const live = liveClient(server.url, { cookie });
    try {
      const deep = subscribe(live, `subscription ($id: ID) { jobUpdated(id: $id) { result { faces { box { x } } } } }`, { id });
      await deep.ended;
      expect(deep.events).toEqual([]);
      expect(deep.errors[0].message).toMatch(/depth/i);
      const broken = subscribe(live, 'subscription { jobUpdated(');
      await broken.ended;
      expect(broken.errors.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
    } finally {
      await live.dispose();
      await owner.ok(CANCEL, { id });
    }
  });

  it(`holds at most ${LIVE_LIMITS.maxSubscriptionsPerSocket} subscriptions per socket: one more is refused LIMIT_EXCEEDED, the others go on`, async () => {
    const id = await queuedJob();
    await withLiveClient(server.url, { cookie }, async (live) => {
      const held = Array.from({ length: LIVE_LIMITS.maxSubscriptionsPerSocket }, () => subscribe(live, JOB_UPDATED, { id }));
      await Promise.all(held.map((sub) => sub.received(1)));
      const extra = subscribe(live, JOB_UPDATED, { id });
      await extra.ended;
      expect(extra.events).toEqual([]);
      expect(extra.errors.map((error) => error.extensions?.code)).toEqual(['LIMIT_EXCEEDED']);
      await owner.ok(CANCEL, { id });
      await Promise.all(held.map((sub) => sub.ended));
      for (const sub of held) expect(sub.events.map((event) => event.jobUpdated.status)).toEqual(['QUEUED', 'CANCELED']);
    });
  });

  it('ignores the cookie of a page from another origin', async () => {
    const id = await queuedJob();
    const socket = rawSocket(server.url, { headers: { cookie, origin: 'https://evil.example' } });
    try {
      await socket.opened;
      socket.ws.send(JSON.stringify({ type: 'connection_init' }));
      await nextMessage(socket.messages, 'connection_ack');
      socket.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: JOB_UPDATED, variables: { id } } }));
      const answer = await nextMessage(socket.messages, 'next');
      expect(answer.payload.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(answer.payload.data).toBeFalsy();
    } finally {
      socket.ws.close();
      await owner.ok(CANCEL, { id });
    }
  });

  it('closes sockets that send garbage, oversized messages, or nothing at all; the server goes on', async () => {
    const garbage = rawSocket(server.url);
    await garbage.opened;
    garbage.ws.send('{ this is not json');
    expect((await garbage.closed).code).toBe(4400);

    const early = rawSocket(server.url);
    await early.opened;
    early.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: JOB_UPDATED } }));
    expect((await early.closed).code).toBe(4401);

    const huge = rawSocket(server.url);
    await huge.opened;
    huge.ws.send(JSON.stringify({ type: 'connection_init', payload: { junk: 'x'.repeat(LIVE_LIMITS.maxPayloadBytes) } }));
    expect((await huge.closed).code).toBe(1009);

    const binary = rawSocket(server.url);
    await binary.opened;
    binary.ws.send(Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    expect((await binary.closed).code).toBe(4400);

    const silent = rawSocket(server.url);
    await silent.opened;
    expect((await silent.closed).code).toBe(4408);

    await withLiveClient(server.url, { cookie }, async (live) => {
      const id = await queuedJob();
      const sub = subscribe(live, JOB_UPDATED, { id });
      expect((await sub.received(1))[0].jobUpdated.status).toBe('QUEUED');
      await owner.ok(CANCEL, { id });
      await sub.ended;
    });
  }, 20_000);
});

describe('the live endpoint at shutdown', () => {
  let server: TestServer;
  afterAll(() => server?.close().catch(() => undefined));

  it('closes live sockets with 1001 (going away) first, then refuses new upgrades', async () => {
    server = await startTestServer({ env });
    const owner = server.client();
    await signUp(owner);
    const id = (await owner.ok(SUBMIT_URL, { feature: VisionFeature.FACE_DETECTION, url: 'http://127.0.0.1:9/y.png' })).submitAnalysis.id;
    const socket = rawSocket(server.url, { headers: { cookie: owner.authHeaders().cookie } });
    await socket.opened;
    socket.ws.send(JSON.stringify({ type: 'connection_init' }));
    await nextMessage(socket.messages, 'connection_ack');
    socket.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: JOB_UPDATED, variables: { id } } }));
    await nextMessage(socket.messages, 'next');
    const live = liveClient(server.url, { cookie: owner.authHeaders().cookie });
    const sub = subscribe(live, JOB_UPDATED, { id });
    await sub.received(1);

    const closing = server.app.close();
    expect(await socket.closed).toEqual({ code: 1001, reason: expect.stringMatching(/going away/i) });
    await sub.ended;
    expect(sub.errors).toEqual([{ code: 1001, reason: expect.stringMatching(/going away/i) }]);
    await live.dispose();
    await closing;
    const late = rawSocket(server.url);
    await expect(late.opened).rejects.toThrow();
    // Closing again (after a process's own shutdown) is not an error, and releases the pool.
    await expect(server.close()).resolves.toBeUndefined();
    expect(server.dataSource.isInitialized).toBe(false);
  });
});
