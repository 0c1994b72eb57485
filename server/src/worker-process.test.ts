import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { GraphQLTestClient, signUp } from './test/harness';
import { imagesLeft, moneyOf } from './modules/jobs/testing';
import { fixtureImage } from './modules/vision/testing/fixtures';
import { startFakeServer } from './modules/vision/testing/http-fixture-server';
import { postMultipart } from './modules/vision/testing/multipart';
import { ANALYZE_URL, FEATURES, analyzeUpload } from './modules/vision/testing/vision-api';
import {
  ProductionProcess,
  QUEUE_SHUTDOWN_STEPS,
  TestDatabase,
  adminQuery,
  createTestDatabase,
  failedStart,
  metricSamples,
  productionEnv,
  startProcess,
} from './test/processes';
import { threadNices } from './test/thread-nices';

/**
 * The process kinds of issue 17 as real production processes: `npm run worker` (src/worker.ts)
 * answers only its probes and metrics and stops like the API; an API with VISION_WORKERS=0
 * offers and prices every feature without loading a model.
 */
jest.setTimeout(120_000);

const SUBMIT = `mutation Submit($feature: VisionFeature!, $image: Upload) {
  submitAnalysis(feature: $feature, image: $image) { id status creditsCharged }
}`;
const JOB = `query Job($id: ID!) { job(id: $id) { id status } }`;
const FACES = `faces { score box { x y width height } landmarks { name x y score } }`;
const JOB_RESULT = `query Job($id: ID!) { job(id: $id) { id status result { provider feature creditsCharged labels { label } ${FACES} image { width } } } }`;

const WORKER_SHUTDOWN_STEPS = [
  'shutdown: refusing new requests, letting in-flight ones finish',
  'shutdown: health endpoints closed',
  ...QUEUE_SHUTDOWN_STEPS,
  'shutdown: database pool closed',
  'shutdown: complete',
];

const connectionsNamed = async (name: string) =>
  (await adminQuery<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [name]))[0].n;

async function get(url: string) {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

describe('the worker process', () => {
  let database: TestDatabase;
  beforeAll(async () => (database = await createTestDatabase()));
  afterAll(() => database.drop());

  it('needs DATABASE_URL: one line, no embedded PostgreSQL, exit 1', async () => {
    const { code, stderr } = await failedStart('worker', { ...productionEnv(''), DATABASE_URL: '' });
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      "VisionGate failed to start: DATABASE_URL is required: a worker runs the jobs of the API's database (npm start runs jobs itself)",
    ]);
    expect(code).toBe(1);
  });

  it('says which setting to change when its port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const { code, stderr } = await failedStart('worker', productionEnv(database.url, { WORKER_PORT: String(port) }));
      expect(stderr.split('\n').filter(Boolean)).toEqual([`VisionGate failed to start: port ${port} is already in use on 127.0.0.1; stop the other process or set WORKER_PORT`]);
      expect(code).toBe(1);
    } finally {
      taken.close();
    }
  });

  it('answers /healthz, /readyz and /metrics only, then stops on SIGTERM: each step logged, every connection closed, exit 0', async () => {
    const applicationName = `vg-worker-${process.pid}`;
    const worker = await startProcess('worker', productionEnv(`${database.url}?application_name=${applicationName}`));
    try {
      expect(await get(`${worker.url}/healthz`)).toMatchObject({ status: 200 });
      const ready = await get(`${worker.url}/readyz`);
      expect([ready.status, ready.json()]).toEqual([200, { status: 'ready' }]);
      const metrics = await get(`${worker.url}/metrics`);
      expect(metrics.status).toBe(200);
      // The registry of modules/observability, with the process metrics of production.
      expect(metrics.text).toContain('process_cpu_seconds_total');
      expect(metricSamples(metrics.text, 'visiongate_local_engine_threads')).toEqual({
        'engine="human"': 0,
        'engine="nsfw"': 0,
        'engine="ocr"': 0,
        'engine="background"': 0,
      });
      for (const path of ['/graphql', '/', '/api/anything']) {
        const refused = await get(`${worker.url}${path}`);
        expect(refused.status).toBe(404);
        expect(refused.json().errors[0].extensions.code).toBe('NOT_FOUND');
      }
      expect(await connectionsNamed(applicationName)).toBeGreaterThan(0);

      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      const steps = worker.logs().map((line) => line.msg as string).filter((msg) => msg.startsWith('shutdown:') && !msg.startsWith('shutdown: background runner'));
      expect(steps).toEqual(WORKER_SHUTDOWN_STEPS);
      expect(await connectionsNamed(applicationName)).toBe(0);
    } finally {
      await worker.stop();
    }
  });
});

describe('an API process with VISION_WORKERS=0', () => {
  let database: TestDatabase;
  let api: ProductionProcess;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await createTestDatabase();
    env = productionEnv(database.url);
    api = await startProcess('api', { ...env, VISION_WORKERS: '0' });
  });
  afterAll(async () => {
    await api?.stop();
    await database.drop();
  });

  it('offers and prices every local feature, from configuration, with no model loaded', async () => {
    const { features } = await new GraphQLTestClient(`${api.url}/graphql`).ok<{ features: Array<Record<string, any>> }>(FEATURES);
    const face = features.find((feature) => feature.name === 'FACE_DETECTION');
    expect(face).toMatchObject({ provider: 'LOCAL', available: true, unavailableReason: null });
    expect(face!.credits).toBeGreaterThan(0);
    expect(api.logs().some((line) => line.msg.startsWith('VISION_WORKERS=0: this process runs no jobs'))).toBe(true);
    expect(api.logs().filter((line) => line.msg === 'local vision model loaded')).toEqual([]);
    const metrics = await get(`${api.url}/metrics`);
    expect(Object.values(metricSamples(metrics.text, 'visiongate_local_engine_threads'))).toEqual([0, 0, 0, 0]);
  });

  it('accepts and charges a job it does not run; a worker on the same database runs it, loading the model there', async () => {
    const client = new GraphQLTestClient(`${api.url}/graphql`);
    const user = await signUp(client);
    const response = await postMultipart<{ submitAnalysis: { id: string; status: string; creditsCharged: number } }>(
      client,
      SUBMIT,
      { feature: 'FACE_DETECTION' },
      { bytes: fixtureImage('astronaut.png'), filename: 'astronaut.png', contentType: 'image/png' },
    );
    expect(response.errors).toBeUndefined();
    const job = response.data!.submitAnalysis;
    expect(job).toMatchObject({ status: 'QUEUED', creditsCharged: 1 });
    expect((await client.ok('{ me { credits } }')).me.credits).toBe(user.credits - 1);
    // Nothing here runs it: it waits, and the API still has no model thread.
    expect((await client.ok(JOB, { id: job.id })).job.status).toBe('QUEUED');
    const apiMetrics = await get(`${api.url}/metrics`);
    expect(Object.values(metricSamples(apiMetrics.text, 'visiongate_local_engine_threads'))).toEqual([0, 0, 0, 0]);

    // The deployment's secrets are shared: a queued upload is sealed with a key the worker needs.
    // WORKER_NICE above LOCAL_ENGINE_NICE (10): the model threads must not come back up to 10.
    const worker = await startProcess('worker', { ...env, WORKER_NICE: '15' });
    try {
      let status = 'QUEUED';
      while (status === 'QUEUED' || status === 'RUNNING') {
        await new Promise((resolve) => setTimeout(resolve, 200));
        status = (await client.ok(JOB, { id: job.id })).job.status;
      }
      expect(status).toBe('SUCCEEDED');
      const workerMetrics = await get(`${worker.url}/metrics`);
      expect(metricSamples(workerMetrics.text, 'visiongate_local_engine_threads')['engine="human"']).toBe(1);
      expect(Object.values(metricSamples((await get(`${api.url}/metrics`)).text, 'visiongate_local_engine_threads'))).toEqual([0, 0, 0, 0]);
      expect(api.logs().filter((line) => line.msg === 'local vision model loaded')).toEqual([]);
      expect(worker.logs().some((line) => line.msg === 'local vision model loaded')).toBe(true);
      // WORKER_NICE: every thread of the worker, those started for the job included, yields to the API's.
      const workerThreads = threadNices(worker.child.pid!);
      expect(workerThreads.size).toBeGreaterThan(5);
      expect(new Set(workerThreads.values())).toEqual(new Set([15]));
      expect(threadNices(api.child.pid!).get(api.child.pid!)).toBe(0);
    } finally {
      await worker.stop();
    }
  });

  it('answers analyzeImage and analyzeImageUrl through a worker process: the result a job computes, one charge per idempotency key', async () => {
    const astronaut = fixtureImage('astronaut.png');
    const photos = await startFakeServer((_request, response) => void response.writeHead(200, { 'content-type': 'image/png' }).end(astronaut));
    // Test mode only so that the worker may fetch the fake image server on 127.0.0.1 (ALLOW_LOOPBACK_URLS is refused in production).
    const worker = await startProcess('worker', { ...env, NODE_ENV: 'test', ALLOW_LOOPBACK_URLS: 'true', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'vg-data-')) });
    const db = new Client({ connectionString: database.url });
    await db.connect();
    const dataSource = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows } as unknown as DataSource;
    try {
      const client = new GraphQLTestClient(`${api.url}/graphql`);
      const user = await signUp(client);

      const upload = await analyzeUpload(client, 'FACE_DETECTION', astronaut, { key: 'astronaut-1' });
      expect(upload.errors).toBeUndefined();
      const answer = upload.data!.analyzeImage;
      expect(answer).toMatchObject({
        creditsCharged: 1,
        balance: user.credits - 1,
        replayed: false,
        provider: 'LOCAL',
        feature: 'FACE_DETECTION',
        viewer: { id: user.id, credits: user.credits - 1 },
        labels: null,
        image: null,
      });
      expect(answer.faces.length).toBeGreaterThanOrEqual(1);
      expect(answer.faces[0].score).toBeGreaterThan(0.5);
      expect(answer.faces[0].landmarks.length).toBeGreaterThanOrEqual(5);

      // The same photo as a job (submitAnalysis): the synchronous answer holds exactly its result.
      const submitted = await postMultipart<{ submitAnalysis: { id: string } }>(client, SUBMIT, { feature: 'FACE_DETECTION' }, { bytes: astronaut, filename: 'a.png', contentType: 'image/png' });
      let job: Record<string, any> = { status: 'QUEUED' };
      while (job.status === 'QUEUED' || job.status === 'RUNNING') {
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = (await client.ok(JOB_RESULT, { id: submitted.data!.submitAnalysis.id })).job;
      }
      expect(job.status).toBe('SUCCEEDED');
      expect(answer.faces).toEqual(job.result.faces);
      expect(answer.faces.length).toBeGreaterThanOrEqual(1);

      // A retry with the key: the same call's answer, charged once.
      const retried = (await analyzeUpload(client, 'FACE_DETECTION', astronaut, { key: 'astronaut-1' })).data!.analyzeImage;
      expect(retried).toMatchObject({ consumptionId: answer.consumptionId, creditsCharged: 1, replayed: true, faces: answer.faces, balance: user.credits - 2 });

      const byUrl = await client.request(ANALYZE_URL, { feature: 'FACE_DETECTION', url: `${photos.url}/astronaut.png` });
      expect(byUrl.errors).toBeUndefined();
      expect(byUrl.data!.analyzeImageUrl).toMatchObject({ creditsCharged: 1, balance: user.credits - 3, replayed: false, provider: 'LOCAL', faces: answer.faces });
      expect(photos.requests).toHaveLength(1);

      // Inference happened in the worker; the API still loaded no model.
      expect(api.logs().filter((line) => line.msg === 'local vision model loaded')).toEqual([]);
      expect(Object.values(metricSamples((await get(`${api.url}/metrics`)).text, 'visiongate_local_engine_threads'))).toEqual([0, 0, 0, 0]);

      const money = await moneyOf(dataSource, user.id);
      expect(money).toMatchObject({ balance: user.credits - 3, logs: { SUCCEEDED: 3 }, refunds: [] });
      expect(money.balance).toBe(money.ledger);
      expect(await imagesLeft(dataSource)).toBe(0);
    } finally {
      await db.end();
      await worker.stop();
      await photos.close();
    }
  });
});
