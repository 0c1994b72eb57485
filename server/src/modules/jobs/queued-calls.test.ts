import type { Pool } from 'pg';
import { promise } from '../privacy-promises/promise-test';
import { AppError, ErrorCode } from '../../core/errors';
import { createLogger } from '../../core/logger';
import { eventually } from '../../test/eventually';
import { GraphQLTestClient, TestServer, signUp, startTestServer } from '../../test/harness';
import { VisionFeature } from '../vision';
import { fixtureImage } from '../vision/testing/fixtures';
import { FakeServer, startFakeServer } from '../vision/testing/http-fixture-server';
import { ScriptedProvider } from '../vision/testing/scripted-provider';
import { ANALYZE_URL, GENERATE, analyzeUpload, errorOf } from '../vision/testing/vision-api';
import { JobRunner } from './job-runner';
import { expectMoney, imagesLeft, moneyOf } from './testing';

/**
 * Issue 17: with VISION_WORKERS=0 the synchronous calls (analyzeImage, analyzeImageUrl) become
 * jobs that the API process waits for; here the job loop runs in the test process (started by
 * hand, as a worker process would run it) and a ScriptedProvider answers.
 */
jest.setTimeout(60_000);

const FACE = VisionFeature.FACE_DETECTION;
const png = fixtureImage('chelsea.png');

type Script = () => Promise<{ faces: Array<{ score: number; box: { x: number; y: number; width: number; height: number }; landmarks: [] }> }>;
const ok: Script = async () => ({ faces: [{ score: 0.9, box: { x: 1, y: 2, width: 5, height: 6 }, landmarks: [] }] });
const providerError: Script = async () => {
  throw new AppError(ErrorCode.PROVIDER_ERROR, 'boom');
};

const ENV = { SIGNUP_RATE_LIMIT: '1000', PAID_RATE_LIMIT_PER_USER: '10000', ALLOW_LOOPBACK_URLS: 'true', JOB_POLL_MS: '200' };

function jobRunner(server: TestServer): JobRunner {
  const services = server.app.services;
  return new JobRunner({
    jobs: services.jobs,
    queue: services.jobQueue,
    vision: services.vision,
    logger: createLogger('silent'),
    connection: (server.dataSource.driver as unknown as { master: Pool }).master.options,
    concurrency: 2,
    pollMs: 200,
    sweepMs: 60_000,
  });
}

async function user(server: TestServer): Promise<{ client: GraphQLTestClient; id: string; credits: number }> {
  const client = server.client();
  const { id, credits } = await signUp(client);
  return { client, id, credits };
}

async function jobsOf(server: TestServer, userId: string): Promise<Array<Record<string, any>>> {
  return server.dataSource.query('SELECT id, status, attempts, error_code, result, consumption_id FROM jobs WHERE user_id = $1 ORDER BY created_at', [userId]);
}

describe('synchronous calls through the queue (VISION_WORKERS=0, the job loop running)', () => {
  let queued: TestServer;
  let inProcess: TestServer;
  let runner: JobRunner;
  let images: FakeServer;
  let script: Script = ok;

  beforeAll(async () => {
    images = await startFakeServer((request, response) => {
      if (request.path === '/broken.png') return void response.writeHead(200, { 'content-type': 'image/png' }).end('not an image');
      response.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
    [queued, inProcess] = await Promise.all([startTestServer({ env: { ...ENV, VISION_WORKERS: '0' } }), startTestServer({ env: ENV })]);
    for (const server of [queued, inProcess]) {
      // One scripted provider for both kinds of call: analyses (the script) and generations (a fixed PNG).
      const provider = Object.assign(new ScriptedProvider('local', () => script(), [FACE, VisionFeature.IMAGE_GENERATION]), {
        generate: async () => ({ image: { pngBase64: png.toString('base64'), width: 64, height: 48 } }),
      });
      server.app.services.vision.registry.use(provider);
    }
    runner = jobRunner(queued);
    await runner.start();
  });
  afterAll(async () => {
    await runner?.stop(1_000);
    await Promise.all([queued?.close(), inProcess?.close()]);
    await images?.close();
  });
  beforeEach(() => {
    script = ok;
  });

  it('routes the calls through the queue only where the API runs no jobs', () => {
    expect(queued.app.services.visionCalls.mode).toBe('queued');
    expect(inProcess.app.services.visionCalls.mode).toBe('in-process');
  });

  promise('001-1.3-queued-uploads-encrypted', 'answers analyzeImage through a job with what the in-process path answers; the job keeps neither image nor result', async () => {
    const a = await user(queued);
    const b = await user(inProcess);
    const viaJob = await analyzeUpload(a.client, FACE, png);
    const direct = await analyzeUpload(b.client, FACE, png);
    expect(viaJob.errors).toBeUndefined();
    expect(direct.errors).toBeUndefined();
    const answer = viaJob.data!.analyzeImage;
    const normalise = (result: Record<string, any>) => ({ ...result, consumptionId: '<id>', durationMs: '<ms>', viewer: { ...result.viewer, id: '<user>' } });
    expect(normalise(answer)).toEqual(normalise(direct.data!.analyzeImage));
    expect(answer).toMatchObject({ creditsCharged: 1, balance: a.credits - 1, replayed: false, provider: 'LOCAL', feature: FACE, viewer: { credits: a.credits - 1 } });

    const [job] = await jobsOf(queued, a.id);
    expect(job).toMatchObject({ status: 'SUCCEEDED', consumption_id: answer.consumptionId, result: null });
    expect(await imagesLeft(queued.dataSource)).toBe(0);
    await expectMoney(queued.dataSource, a.id, { balance: a.credits - 1, logs: { SUCCEEDED: 1 }, refunds: [] });
  });

  it('answers a retried call with the same idempotency key with the same result and charges once', async () => {
    const { client, id, credits } = await user(queued);
    const first = (await analyzeUpload(client, FACE, png, { key: 'sync-1' })).data!.analyzeImage;
    const again = await analyzeUpload(client, FACE, png, { key: 'sync-1' });
    expect(again.errors).toBeUndefined();
    const replay = again.data!.analyzeImage;
    expect(replay).toMatchObject({ consumptionId: first.consumptionId, creditsCharged: 1, balance: credits - 1, replayed: true, faces: first.faces });
    const url = await client.request(ANALYZE_URL, { feature: FACE, url: `${images.url}/x.png`, key: 'sync-1' });
    expect(errorOf(url).extensions.code).toBe('CONFLICT');
    expect(await jobsOf(queued, id)).toHaveLength(1);
    await expectMoney(queued.dataSource, id, { balance: credits - 1, logs: { SUCCEEDED: 1 } });
  });

  it('answers generateImage through a job as in-process, first call and keyed replay alike (the replay without image bytes)', async () => {
    const a = await user(queued);
    const b = await user(inProcess);
    const normalise = (result: Record<string, any>) => ({ ...result, consumptionId: '<id>', durationMs: '<ms>', viewer: { ...result.viewer, id: '<user>' } });
    for (const round of ['first', 'replay']) {
      const viaJob = await a.client.request(GENERATE, { prompt: 'a red bicycle', key: 'gen-1' });
      const direct = await b.client.request(GENERATE, { prompt: 'a red bicycle', key: 'gen-1' });
      expect([viaJob.errors, direct.errors]).toEqual([undefined, undefined]);
      expect(normalise(viaJob.data!.generateImage)).toEqual(normalise(direct.data!.generateImage));
      expect(viaJob.data!.generateImage).toMatchObject({ feature: 'IMAGE_GENERATION', replayed: round === 'replay', image: { width: 64, height: 48 } });
      expect(viaJob.data!.generateImage.image.png).toBe(round === 'first' ? png.toString('base64') : null);
    }
    // What the job keeps once answered is the replay copy only: no image bytes.
    const [job] = await jobsOf(queued, a.id);
    expect(job.result.result.image).toEqual({ pngBase64: null, width: 64, height: 48 });
    await expectMoney(queued.dataSource, a.id, { logs: { SUCCEEDED: 1 } });
  });

  it('answers analyzeImageUrl through a job; an unreadable image is BAD_USER_INPUT, run once and refunded', async () => {
    const { client, id, credits } = await user(queued);
    const done = await client.request(ANALYZE_URL, { feature: FACE, url: `${images.url}/cat.png` });
    expect(done.errors).toBeUndefined();
    expect(done.data!.analyzeImageUrl).toMatchObject({ creditsCharged: 1, balance: credits - 1, faces: [{ score: 0.9 }] });

    const broken = errorOf(await client.request(ANALYZE_URL, { feature: FACE, url: `${images.url}/broken.png` }));
    expect(broken.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url', refunded: true, balance: credits - 1 });
    const jobs = await jobsOf(queued, id);
    expect(jobs[1]).toMatchObject({ status: 'FAILED', attempts: 1, error_code: 'BAD_USER_INPUT', consumption_id: broken.extensions.consumptionId });
    await expectMoney(queued.dataSource, id, { balance: credits - 1, logs: { SUCCEEDED: 1, REFUNDED: 1 }, refunds: [{ reference: broken.extensions.consumptionId, n: 1 }] });
  });

  it('answers a provider failure with PROVIDER_ERROR once the job failed, refunded exactly once', async () => {
    const { client, id, credits } = await user(queued);
    script = providerError;
    const failure = errorOf(await analyzeUpload(client, FACE, png));
    expect(failure.extensions).toMatchObject({ code: 'PROVIDER_ERROR', refunded: true, balance: credits, consumptionId: expect.any(String) });
    // The in-process path answers the same (the provider's typed message, its code).
    const direct = errorOf(await analyzeUpload((await user(inProcess)).client, FACE, png));
    expect([failure.message, failure.extensions.code]).toEqual([direct.message, direct.extensions.code]);
    const [job] = await jobsOf(queued, id);
    expect(job).toMatchObject({ status: 'FAILED', attempts: queued.config.jobs.maxAttempts, error_code: 'PROVIDER_ERROR' });
    expect(await imagesLeft(queued.dataSource)).toBe(0);
    await expectMoney(queued.dataSource, id, { balance: credits, logs: { REFUNDED: 1 }, refunds: [{ reference: failure.extensions.consumptionId, n: 1 }] });
  });

  it('refuses what the in-process path refuses before charging: a bad upload, too few credits', async () => {
    const { client, id, credits } = await user(queued);
    const bad = errorOf(await analyzeUpload(client, FACE, Buffer.from('not an image')));
    expect(bad.extensions.code).toBe('BAD_USER_INPUT');
    const features = queued.app.services.visionFeatures;
    const price = await features.price(FACE);
    await features.setPrice(id, FACE, credits + 1);
    try {
      expect(errorOf(await analyzeUpload(client, FACE, png)).extensions.code).toBe('INSUFFICIENT_CREDITS');
    } finally {
      await features.setPrice(id, FACE, price);
    }
    expect(await jobsOf(queued, id)).toEqual([]);
    expect(await moneyOf(queued.dataSource, id)).toMatchObject({ balance: credits, logs: {} });
  });
});

describe('a synchronous call whose job does not end in time (VISION_WORKERS=0, nothing running jobs)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { ...ENV, VISION_WORKERS: '0', VISION_TIMEOUT_MS: '500' } });
    server.app.services.vision.registry.use(new ScriptedProvider('local', ok, [FACE]));
  });
  afterAll(() => server?.close());

  promise('001-1.3-queued-uploads-encrypted', 'cancels a job still queued when the wait ends: PROVIDER_ERROR with timeout, refunded once, the upload deleted', async () => {
    const { client, id, credits } = await user(server);
    const failure = errorOf(await analyzeUpload(client, FACE, png));
    expect(failure.extensions).toMatchObject({ code: 'PROVIDER_ERROR', timeout: true, refunded: true, balance: credits });
    const [job] = await jobsOf(server, id);
    expect(job).toMatchObject({ status: 'CANCELED', attempts: 0, consumption_id: failure.extensions.consumptionId });
    expect(await imagesLeft(server.dataSource)).toBe(0);
    await expectMoney(server.dataSource, id, { balance: credits, logs: { REFUNDED: 1 }, refunds: [{ reference: failure.extensions.consumptionId, n: 1 }] });
  });

  it('asks a running job to stop when the wait ends; it is refunded once, when its run ends, and its result is discarded', async () => {
    const { client, id, credits } = await user(server);
    const jobs = server.app.services.jobs;
    const answer = analyzeUpload(client, FACE, png);
    let claimed: Awaited<ReturnType<typeof jobs.claim>> = null;
    await eventually(async () => {
      const [job] = await jobsOf(server, id);
      expect(job).toBeDefined();
      claimed = await jobs.claim(job.id);
      expect(claimed).not.toBeNull();
    });
    const failure = errorOf(await answer);
    expect(failure.extensions).toMatchObject({ code: 'PROVIDER_ERROR', timeout: true, refunded: false, balance: credits - 1 });
    // The run in hand ends after the caller gave up: CANCELED and refunded then, not before.
    const outcome = await server.app.services.vision.execute(claimed!.work);
    expect(await jobs.succeeded(claimed!, outcome)).toMatchObject({ status: 'CANCELED', result: null });
    await expectMoney(server.dataSource, id, { balance: credits, logs: { REFUNDED: 1 }, refunds: [{ reference: failure.extensions.consumptionId, n: 1 }] });
    expect(await imagesLeft(server.dataSource)).toBe(0);
  });
});
