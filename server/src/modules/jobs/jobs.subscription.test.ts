import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { GraphQLTestClient, TestServer, signUp, startTestServer, startTestWorker, tokenClient } from '../../test/harness';
import { JOB_UPDATED, LiveSubscription, liveClient, subscribe, withLiveClient } from '../../test/live-client';
import { TestRedis, testRedis } from '../../test/redis';
import { VisionFeature } from '../vision';
import { fixtureImage } from '../vision/testing/fixtures';
import { ScriptedProvider } from '../vision/testing/scripted-provider';
import { CANCEL, SUBMIT_BATCH, SUBMIT_IMAGE, postFiles } from './testing';

/**
 * Issue 17, point 3: `jobUpdated` over graphql-ws. The API runs no jobs here (VISION_WORKERS=0):
 * a test worker on the same database runs them where the test says, or the test drives the
 * job service by hand, so every state a subscriber must see is held long enough to be seen.
 */
const FACE = VisionFeature.FACE_DETECTION;
const png = fixtureImage('chelsea.png');
const face = async () => ({ faces: [{ score: 0.9, box: { x: 1, y: 1, width: 5, height: 5 }, landmarks: [] as [] }] });
const statuses = (events: Array<Record<string, any>>): string[] => events.map((event) => event.jobUpdated.status);

/** The subscription ended UNAUTHENTICATED once it had delivered the statuses `seen`. */
async function expectEndedUnauthenticated(sub: LiveSubscription, seen: string[]): Promise<void> {
  await sub.ended;
  expect(statuses(sub.events)).toEqual(seen);
  expect(sub.errors.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
}

async function submitImage(client: GraphQLTestClient): Promise<{ id: string; status: string }> {
  const response = await postFiles(client, SUBMIT_IMAGE, { feature: FACE }, [png], 'image');
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.submitAnalysis;
}

const cookieOf = (client: GraphQLTestClient) => client.authHeaders().cookie;

describe('jobUpdated', () => {
  let server: TestServer;
  let owner: GraphQLTestClient;

  beforeAll(async () => {
    server = await startTestServer({ env: { SIGNUP_RATE_LIMIT: '1000', VISION_WORKERS: '0', JOB_POLL_MS: '200' } });
    server.app.services.vision.registry.use(new ScriptedProvider('local', face, [FACE]));
    owner = server.client();
    await signUp(owner);
  });
  afterAll(() => server.close());

  /** Claims and finishes a queued job in this process, as a worker would. */
  async function run(jobId: string) {
    const { jobs, vision } = server.app.services;
    const claimed = (await jobs.claim(jobId))!;
    return jobs.succeeded(claimed, await vision.execute(claimed.work));
  }

  it('follows a FACE_DETECTION job run by a worker: QUEUED, RUNNING, SUCCEEDED in order, then completes (session cookie)', async () => {
    const job = await submitImage(owner);
    const live = liveClient(server.url, { cookie: cookieOf(owner) });
    const sub = subscribe(live, JOB_UPDATED, { id: job.id });
    // The first event is the current state: nothing between the submit and the subscription is missed.
    expect(statuses(await sub.received(1))).toEqual(['QUEUED']);

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const worker = await startTestWorker(server, { JOB_POLL_MS: '200', JOB_CONCURRENCY: '1' });
    worker.services.vision.registry.use(
      new ScriptedProvider(
        'local',
        async () => {
          started();
          await released;
          return face();
        },
        [FACE],
      ),
    );
    try {
      await running;
      expect(statuses(await sub.received(2))).toEqual(['QUEUED', 'RUNNING']);
      release();
      await sub.ended;
    } finally {
      release();
      await worker.close();
      await live.dispose();
    }
    expect(sub.errors).toEqual([]);
    expect(statuses(sub.events)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(sub.events[1].jobUpdated).toMatchObject({ id: job.id, attempts: 1, finishedAt: null, result: null });
    expect(sub.events[2].jobUpdated).toMatchObject({ id: job.id, progress: 1, result: { faces: [{ score: 0.9 }] }, error: null });
  });

  it('authenticates with an API token in connection_init', async () => {
    const tokens = await tokenClient(server, owner, 'live');
    const job = await submitImage(tokens);
    await withLiveClient(server.url, { connectionParams: { authorization: `Bearer ${tokens.bearer}` } }, async (live) => {
      const sub = subscribe(live, JOB_UPDATED, { id: job.id });
      expect(statuses(await sub.received(1))).toEqual(['QUEUED']);
      await tokens.ok(CANCEL, { id: job.id });
      await sub.ended;
      expect(sub.errors).toEqual([]);
      expect(statuses(sub.events)).toEqual(['QUEUED', 'CANCELED']);
      expect(sub.events[1].jobUpdated.error).toEqual({ code: 'CANCELED' });
    });
  });

  it('refuses an anonymous subscriber and a dead token UNAUTHENTICATED', async () => {
    const job = await submitImage(owner);
    const anonymous = liveClient(server.url);
    const deadToken = liveClient(server.url, { connectionParams: { authorization: `Bearer vg_${randomBytes(24).toString('hex')}` } });
    const notAString = liveClient(server.url, { connectionParams: { authorization: 42 } });
    try {
      for (const live of [anonymous, deadToken, notAString]) {
        const sub = subscribe(live, JOB_UPDATED, { id: job.id });
        await sub.ended;
        expect(sub.events).toEqual([]);
        expect(sub.errors.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      }
    } finally {
      await Promise.all([anonymous.dispose(), deadToken.dispose(), notAString.dispose()]);
      await owner.ok(CANCEL, { id: job.id });
    }
  });

  it("answers NOT_FOUND for another user's job or batch and for unknown ids, BAD_USER_INPUT unless exactly one of id and batchId", async () => {
    const job = await submitImage(owner);
    const batch = (await postFiles(owner, SUBMIT_BATCH, { feature: FACE }, [png])).data!.submitAnalyses;
    const other = server.client();
    await signUp(other);
    const live = liveClient(server.url, { cookie: cookieOf(other) });
    const outcome = async (variables: Record<string, unknown>) => {
      const sub = subscribe(live, JOB_UPDATED, variables);
      await sub.ended;
      expect(sub.events).toEqual([]);
      return sub.errors.map((error) => error.extensions?.code);
    };
    try {
      expect(await outcome({ id: job.id })).toEqual(['NOT_FOUND']);
      expect(await outcome({ batchId: batch.id })).toEqual(['NOT_FOUND']);
      expect(await outcome({ id: randomUUID() })).toEqual(['NOT_FOUND']);
      expect(await outcome({ id: 'not-a-uuid' })).toEqual(['NOT_FOUND']);
      expect(await outcome({ batchId: randomUUID() })).toEqual(['NOT_FOUND']);
      expect(await outcome({})).toEqual(['BAD_USER_INPUT']);
      expect(await outcome({ id: job.id, batchId: batch.id })).toEqual(['BAD_USER_INPUT']);
    } finally {
      await live.dispose();
      await owner.ok(CANCEL, { id: job.id });
      await owner.ok(CANCEL, { id: batch.jobs[0].id });
    }
  });

  it('follows a batch: the state of each job first, then one event per change, complete once every job ended', async () => {
    const batch = (await postFiles(owner, SUBMIT_BATCH, { feature: FACE }, [png, png])).data!.submitAnalyses;
    const [first, second] = batch.jobs.map((job: { id: string }) => job.id);
    await withLiveClient(server.url, { cookie: cookieOf(owner) }, async (live) => {
      const sub = subscribe(live, JOB_UPDATED, { batchId: batch.id });
      await sub.received(2);
      const claimed = (await server.app.services.jobs.claim(first))!;
      await sub.received(3);
      await server.app.services.jobs.succeeded(claimed, await server.app.services.vision.execute(claimed.work));
      await sub.received(4);
      await owner.ok(CANCEL, { id: second });
      await sub.ended;
      expect(sub.errors).toEqual([]);
      const seen = sub.events.map((event) => [event.jobUpdated.id, event.jobUpdated.status, event.jobUpdated.batchId]);
      // The jobs of one batch were created at once: their first states come in either order.
      expect(seen.slice(0, 2)).toEqual(
        expect.arrayContaining([
          [first, 'QUEUED', batch.id],
          [second, 'QUEUED', batch.id],
        ]),
      );
      expect(seen.slice(2)).toEqual([
        [first, 'RUNNING', batch.id],
        [first, 'SUCCEEDED', batch.id],
        [second, 'CANCELED', batch.id],
      ]);
    });
  });

  it('completes at once with the final state when the job already ended', async () => {
    const job = await submitImage(owner);
    await run(job.id);
    await withLiveClient(server.url, { cookie: cookieOf(owner) }, async (live) => {
      const sub = subscribe(live, JOB_UPDATED, { id: job.id });
      await sub.ended;
      expect(statuses(sub.events)).toEqual(['SUCCEEDED']);
    });
  });

  it('delivers nothing more once the API token is revoked: the next change ends the subscription UNAUTHENTICATED', async () => {
    const tokens = await tokenClient(server, owner, 'revoked-live');
    const [{ id: tokenId }] = await server.dataSource.query('SELECT id FROM api_tokens ORDER BY created_at DESC LIMIT 1');
    const job = await submitImage(tokens);
    await withLiveClient(server.url, { connectionParams: { authorization: `Bearer ${tokens.bearer}` } }, async (live) => {
      const sub = subscribe(live, JOB_UPDATED, { id: job.id });
      await sub.received(1);
      await owner.ok('mutation ($id: ID!) { revokeApiToken(id: $id) { id } }', { id: tokenId });
      await owner.ok(CANCEL, { id: job.id });
      await expectEndedUnauthenticated(sub, ['QUEUED']);
    });
  });

  it('delivers nothing more once the session ended (logout): the next change ends the subscription UNAUTHENTICATED', async () => {
    const client = server.client();
    const { id: userId } = await signUp(client);
    const job = await submitImage(client);
    await withLiveClient(server.url, { cookie: cookieOf(client) }, async (live) => {
      const sub = subscribe(live, JOB_UPDATED, { id: job.id });
      await sub.received(1);
      await client.ok('mutation { logout }');
      await server.app.services.jobs.cancel(userId, job.id);
      await expectEndedUnauthenticated(sub, ['QUEUED']);
    });
  });

  it('is not served over HTTP', async () => {
    const response = await owner.request(JOB_UPDATED, { id: randomUUID() });
    expect(response.data?.jobUpdated).toBeUndefined();
    expect(response.errors?.length).toBeGreaterThan(0);
  });
});

describe('jobUpdated with REDIS_URL', () => {
  let redis: TestRedis;
  let servers: TestServer[] = [];
  const prefix = `vg-live-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    redis = await testRedis();
    const env = { SIGNUP_RATE_LIMIT: '1000', VISION_WORKERS: '0', REDIS_URL: redis.url, RATE_LIMIT_PREFIX: prefix };
    const first = await startTestServer({ env });
    servers = [first, await startTestServer({ env, shareDatabaseWith: first })];
    for (const server of servers) server.app.services.vision.registry.use(new ScriptedProvider('local', face, [FACE]));
  });
  afterAll(async () => {
    for (const server of servers.reverse()) await server.close();
    await redis?.stop();
  });

  it('fans changes out through Redis: subscribed on one app, changed on another', async () => {
    const [subscriber, changer] = servers;
    expect(subscriber.app.services.jobFeed.transport).toBe('Redis connections');
    const client = subscriber.client();
    await signUp(client);
    const job = await submitImage(client);
    await withLiveClient(subscriber.url, { cookie: cookieOf(client) }, async (live) => {
      const sub = subscribe(live, JOB_UPDATED, { id: job.id });
      await sub.received(1);
      const claimed = (await changer.app.services.jobs.claim(job.id))!;
      await sub.received(2);
      await changer.app.services.jobs.succeeded(claimed, await changer.app.services.vision.execute(claimed.work));
      await sub.ended;
      expect(statuses(sub.events)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    });
  });

  it('takes its changes from the Redis channel, not from PostgreSQL NOTIFY', async () => {
    const [subscriber] = servers;
    const client = subscriber.client();
    const { id: userId } = await signUp(client);
    const job = await submitImage(client);
    const live = liveClient(subscriber.url, { cookie: cookieOf(client) });
    const publisher = new Redis(redis.url);
    try {
      const sub = subscribe(live, JOB_UPDATED, { id: job.id });
      await sub.received(1);
      // A change written without the job service: a NOTIFY is sent, nothing is published to Redis.
      await subscriber.dataSource.query(`UPDATE jobs SET progress = 0.5 WHERE id = $1`, [job.id]);
      await subscriber.dataSource.query(`SELECT pg_notify('vg_job_updated', $1)`, [JSON.stringify({ jobId: job.id, userId, batchId: null, status: 'QUEUED' })]);
      await subscriber.dataSource.query(`UPDATE jobs SET progress = 0.6 WHERE id = $1`, [job.id]);
      // Only the Redis message makes the subscriber read the job again.
      await publisher.publish(`${prefix}:job-updated`, JSON.stringify({ jobId: job.id, userId, batchId: null, status: 'QUEUED' }));
      const [, second] = await sub.received(2);
      expect(second.jobUpdated).toMatchObject({ status: 'QUEUED', progress: 0.6 });
      await client.ok(CANCEL, { id: job.id });
      await sub.ended;
      expect(sub.events.map((event) => event.jobUpdated.progress)).toEqual([0, 0.6, 1]);
    } finally {
      publisher.disconnect();
      await live.dispose();
    }
  });
});
