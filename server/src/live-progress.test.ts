import net from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { GraphQLTestClient, signUp } from './test/harness';
import { JOB_UPDATED, liveClient, subscribe } from './test/live-client';
import { ProductionProcess, TestDatabase, createTestDatabase, productionEnv, startProcess } from './test/processes';
import { TestRedis, testRedis } from './test/redis';
import { fixtureImage } from './modules/vision/testing/fixtures';
import { postMultipart } from './modules/vision/testing/multipart';

/**
 * Issue 17, point 3, with real production processes: a subscriber on one API process follows a
 * FACE_DETECTION job submitted through another API process and run by a worker process (the real
 * local engine), through PostgreSQL LISTEN/NOTIFY by default and through Redis with REDIS_URL.
 * Meanwhile hostile clients send truncated upgrades and garbage frames to the subscriber's
 * process, which keeps serving; its log has a line per connection with its request id and no
 * credential; SIGTERM closes the live socket with 1001 first.
 */
jest.setTimeout(180_000);

const SUBMIT = `mutation Submit($feature: VisionFeature!, $image: Upload) { submitAnalysis(feature: $feature, image: $image) { id status } }`;
const CREATE_TOKEN = 'mutation { createApiToken(input: { name: "live" }) { secret } }';

/** Writes `bytes` on a fresh TCP connection to the server and answers what came back before it closed. */
function rawExchange(url: string, bytes: Buffer | string, options: { keepWriting?: Buffer } = {}): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(bytes);
      const more = options.keepWriting;
      if (more) setTimeout(() => socket.writable && socket.end(more), 50);
      else setTimeout(() => socket.end(), 50);
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer));
  });
}

const upgradeRequest = (path: string, key = randomBytes(16).toString('base64')) =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
  `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`;

describe.each(['postgres', 'redis'] as const)('live job progress across production processes (%s fan-out)', (mode) => {
  let database: TestDatabase;
  let redis: TestRedis | null = null;
  let env: Record<string, string>;
  let subscriberApi: ProductionProcess;
  let submitterApi: ProductionProcess;
  let worker: ProductionProcess | null = null;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = mode === 'redis' ? await testRedis() : null;
    env = productionEnv(database.url, {
      VISION_WORKERS: '0',
      JOB_CONCURRENCY: '1',
      LOCAL_ENGINE_THREADS: '1',
      ...(redis ? { REDIS_URL: redis.url, RATE_LIMIT_PREFIX: `vg-live-${randomBytes(4).toString('hex')}` } : {}),
    });
    [subscriberApi, submitterApi] = await Promise.all([startProcess('api', env), startProcess('api', env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([subscriberApi?.stop(), submitterApi?.stop(), worker?.stop()]);
    await redis?.stop();
    await database?.drop();
  });

  it('delivers QUEUED, RUNNING, SUCCEEDED to a subscriber on another process; hostile clients change nothing; SIGTERM closes with 1001 first', async () => {
    const client = new GraphQLTestClient(`${submitterApi.url}/graphql`);
    await signUp(client);
    const { secret } = (await client.ok<{ createApiToken: { secret: string } }>(CREATE_TOKEN)).createApiToken;
    const cookie = client.authHeaders().cookie;
    const submitted = await postMultipart<{ submitAnalysis: { id: string; status: string } }>(
      client,
      SUBMIT,
      { feature: 'FACE_DETECTION' },
      { bytes: fixtureImage('astronaut.png'), filename: 'astronaut.png', contentType: 'image/png' },
    );
    expect(submitted.errors).toBeUndefined();
    const jobId = submitted.data!.submitAnalysis.id;

    // The subscriber: on the other API process, with the API token in connection_init.
    const live = liveClient(subscriberApi.url, { connectionParams: { authorization: `Bearer ${secret}` } });
    const sub = subscribe(live, JOB_UPDATED, { id: jobId });
    expect((await sub.received(1))[0].jobUpdated.status).toBe('QUEUED');

    // Hostile clients against the subscriber's process.
    const exchanges = await Promise.all([
      rawExchange(subscriberApi.url, 'GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upg'),
      rawExchange(subscriberApi.url, upgradeRequest('/graphql', 'not a key')),
      rawExchange(subscriberApi.url, upgradeRequest('/elsewhere')),
      // A completed handshake, then bytes that are no WebSocket frame (unmasked, reserved opcode).
      rawExchange(subscriberApi.url, upgradeRequest('/graphql'), { keepWriting: Buffer.from([0xf3, 0x7f, 0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x02]) }),
      rawExchange(subscriberApi.url, upgradeRequest('/graphql'), { keepWriting: randomBytes(4096) }),
      rawExchange(subscriberApi.url, `${upgradeRequest('/graphql')}${'\x00'.repeat(100)}`),
    ]);
    expect(exchanges[1]).toMatch(/^HTTP\/1\.1 400/);
    expect(exchanges[2]).toBe('');
    expect(exchanges[3]).toMatch(/^HTTP\/1\.1 101/);
    const malformed = new WebSocket(`${subscriberApi.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => malformed.once('open', resolve));
    malformed.send('{"type":"subscribe","id":');
    malformed.send(JSON.stringify({ type: 'connection_init', payload: 'x'.repeat(70_000) }));
    await new Promise((resolve) => malformed.once('close', resolve));
    expect(subscriberApi.child.exitCode).toBeNull();
    expect((await fetch(`${subscriberApi.url}/healthz`)).status).toBe(200);

    // A second subscriber, by session cookie, to see the shutdown.
    const cookieClient = liveClient(subscriberApi.url, { cookie });
    const watcher = subscribe(cookieClient, JOB_UPDATED, { id: jobId });
    await watcher.received(1);

    // The worker runs the job with the real local engine.
    worker = await startProcess('worker', env);
    await sub.ended;
    expect(sub.errors).toEqual([]);
    expect(sub.events.map((event) => event.jobUpdated.status)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(sub.events[2].jobUpdated.result.faces.length).toBeGreaterThan(0);
    await live.dispose();

    // The watcher follows the same job: it has ended too. A new one waits on a queued job while SIGTERM comes.
    await watcher.ended;
    // Without a worker, the next job stays QUEUED.
    await worker.stop();
    worker = null;
    const second = await postMultipart<{ submitAnalysis: { id: string } }>(
      client,
      SUBMIT,
      { feature: 'FACE_DETECTION' },
      { bytes: fixtureImage('astronaut.png'), filename: 'astronaut.png', contentType: 'image/png' },
    );
    const waiting = subscribe(cookieClient, JOB_UPDATED, { id: second.data!.submitAnalysis.id });
    await waiting.received(1);
    subscriberApi.child.kill('SIGTERM');
    await waiting.ended;
    expect(waiting.errors).toEqual([{ code: 1001, reason: expect.stringMatching(/going away/i) }]);
    expect(await subscriberApi.exited).toEqual({ code: 0, signal: null });
    await cookieClient.dispose();

    const logs = subscriberApi.logs();
    const steps = logs.map((line) => line.msg as string).filter((msg) => msg.startsWith('shutdown:'));
    expect(steps.slice(0, 3)).toEqual([
      'shutdown: refusing new requests, letting in-flight ones finish',
      'shutdown: live sockets closed (1001 going away)',
      'shutdown: HTTP drained, in-flight requests finished',
    ]);
    expect(steps).toContain(`shutdown: job feed ${mode === 'redis' ? 'Redis connections' : 'LISTEN connection'} closed`);
    const opened = logs.filter((line) => line.msg === 'live connection opened');
    const closed = logs.filter((line) => line.msg === 'live connection closed');
    expect(opened.length).toBeGreaterThanOrEqual(4);
    expect(closed.length).toBe(opened.length);
    for (const line of [...opened, ...closed]) expect(line.requestId).toMatch(/^[\w.-]{1,64}$/);
    const output = subscriberApi.output();
    expect(output).not.toContain(secret);
    expect(output).not.toContain(cookie.split('=').slice(1).join('='));
    // Nothing was written outside the JSON log (graphql-ws's own stderr lines included) but the banner.
    const stray = output.split('\n').filter((line) => line && !line.startsWith('{') && !/^(LISTENING|VisionGate|\s)/.test(line));
    expect(stray).toEqual([]);
  });
});
