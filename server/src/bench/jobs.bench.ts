import autocannon from 'autocannon';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { JOB_UPDATED_CHANNEL } from '../modules/jobs/job-feed';
import { LOCAL_ENGINE_OF, LocalVisionProvider, localImageNeeds } from '../modules/vision/local/local-provider';
import { acceptImage } from '../modules/vision/intake/image-intake';
import { fixtureImage } from '../modules/vision/testing/fixtures';
import { multipartBody } from '../modules/vision/testing/multipart';
import { VisionFeature } from '../modules/vision/vision.types';
import type { Benchmark } from './bench-types';
import { ME_QUERY, ServerProcess, cpuMicros, forkProduct, forkProductWorker, httpFetch, postgresCpuMicros, ratio, registerBenchUser } from './harness';

/**
 * Issue 17, point 11: what the job queue costs. Three benchmarks, each next to a baseline
 * measured in the same run, on the fixture photos (server/test/fixtures/images), FACE_DETECTION
 * on the local engine:
 * - jobs-overhead: one call through the queue (submitAnalysis, then its SUCCEEDED announcement)
 *   vs the engine called directly in this process on the same image, and vs analyzeImage;
 * - jobs-throughput: 200 jobs with workers = cores vs a raw engine loop with as many threads;
 * - jobs-me: `me` p99 while 50 jobs run vs idle.
 * The machine is shared: rounds alternate product and baseline so both see the same noise, and
 * each row notes the load average when it was measured.
 */
const FEATURE = VisionFeature.FACE_DETECTION;
const PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'horse.png', 'rocket.jpg'];
const CORES = os.availableParallelism();
const OVERHEAD_ROUNDS = Number(process.env.BENCH_JOBS_ROUNDS ?? 3);
const OVERHEAD_CALLS = Number(process.env.BENCH_JOBS_CALLS ?? 15);
const THROUGHPUT_JOBS = Number(process.env.BENCH_JOBS_THROUGHPUT ?? 200);
const THROUGHPUT_ROUNDS = Number(process.env.BENCH_JOBS_THROUGHPUT_ROUNDS ?? 2);
const ME_JOBS = 50;
const LOCAL_IMAGE_NEEDS = localImageNeeds(FEATURE);
const ME_ROUNDS = Number(process.env.BENCH_JOBS_ME_ROUNDS ?? 2);

const SUBMIT = `mutation S($feature: VisionFeature!, $image: Upload) { submitAnalysis(feature: $feature, image: $image) { id status } }`;
const ANALYZE = `mutation A($feature: VisionFeature!, $image: Upload!) { analyzeImage(feature: $feature, image: $image) { creditsCharged } }`;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'EXPIRED']);

const round1 = (n: number) => Math.round(n * 10) / 10;
const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(' / ');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The product as `npm start` runs it (API and job runner in one process), limits opened for the load. */
function startProduct(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return forkProduct(databaseUrl, {
    PAID_RATE_LIMIT_PER_USER: '1000000',
    PAID_RATE_LIMIT_PER_IP: '1000000',
    PAID_RATE_LIMIT_PER_TOKEN: '1000000',
    VISION_QUEUE_LIMIT: '1000',
    ...env,
  });
}

/** A signed-in account with credits for every call of the benchmark (ledger row included, so sums hold). */
async function fundedAccount(product: ServerProcess, databaseUrl: string, email: string): Promise<string> {
  const cookie = await registerBenchUser(product.url, email);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `WITH topped AS (UPDATE users SET credits = credits + 1000000 WHERE email = $1 RETURNING id, credits)
       INSERT INTO credit_ledger (user_id, delta, reason, note, balance_after) SELECT id, 1000000, 'ADMIN_ADJUSTMENT', 'benchmark balance', credits FROM topped`,
      [email],
    );
  } finally {
    await db.end();
  }
  return cookie;
}

/** Multipart bodies for every photo, built once so the measured loop only sends them. */
function uploads(query: string): Array<{ body: Buffer; contentType: string }> {
  return PHOTOS.map((photo) =>
    multipartBody(query, { feature: FEATURE }, { bytes: fixtureImage(photo), filename: photo, contentType: photo.endsWith('.jpg') ? 'image/jpeg' : 'image/png' }),
  );
}

async function postUpload(product: ServerProcess, cookie: string, upload: { body: Buffer; contentType: string }): Promise<any> {
  const response = await httpFetch(`${product.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': upload.contentType, 'apollo-require-preflight': 'true', cookie },
    body: upload.body,
  });
  const answer: any = await response.json();
  if (answer.errors?.length) throw new Error(JSON.stringify(answer.errors));
  return answer.data;
}

/**
 * Every job change on the database, as the product announces it (NOTIFY on the job feed's
 * channel, sent in the transaction of the change): the moment a job is SUCCEEDED for any
 * subscriber, without polling between the bench and the product.
 */
class JobWatcher {
  private readonly ended = new Map<string, { status: string; at: number }>();
  private readonly waiting = new Map<string, (ended: { status: string; at: number }) => void>();
  private constructor(private readonly client: Client) {}

  static async start(databaseUrl: string): Promise<JobWatcher> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const watcher = new JobWatcher(client);
    client.on('notification', (message) => {
      const change = JSON.parse(message.payload ?? '{}') as { jobId: string; status: string };
      if (!TERMINAL.has(change.status)) return;
      const ended = { status: change.status, at: performance.now() };
      watcher.ended.set(change.jobId, ended);
      watcher.waiting.get(change.jobId)?.(ended);
    });
    await client.query(`LISTEN ${JOB_UPDATED_CHANNEL}`);
    return watcher;
  }

  get endedCount(): number {
    return this.ended.size;
  }

  /** When (performance.now()) and how the job ended; the announcement may come before the submit's answer. */
  until(jobId: string): Promise<{ status: string; at: number }> {
    const ended = this.ended.get(jobId);
    if (ended) return Promise.resolve(ended);
    return new Promise((resolve) => this.waiting.set(jobId, resolve));
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** submitAnalysis, then the job's end: the ms from sending to the submit's answer and to SUCCEEDED. */
async function jobThroughQueue(
  product: ServerProcess,
  cookie: string,
  watcher: JobWatcher,
  upload: { body: Buffer; contentType: string },
): Promise<{ id: string; answeredMs: number; endedMs: number }> {
  const started = performance.now();
  const { submitAnalysis } = await postUpload(product, cookie, upload);
  const answeredMs = performance.now() - started;
  const ended = await watcher.until(submitAnalysis.id);
  if (ended.status !== 'SUCCEEDED') throw new Error(`job ${submitAnalysis.id} ended ${ended.status}`);
  return { id: submitAnalysis.id, answeredMs, endedMs: ended.at - started };
}

/** Where a queued call's time went, from the job rows (database clock): waiting for a worker, running. */
async function jobPhases(databaseUrl: string, ids: string[]): Promise<{ waitMs: number[]; runMs: number[] }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT extract(epoch FROM started_at - created_at) * 1000 AS wait, extract(epoch FROM finished_at - started_at) * 1000 AS run FROM jobs WHERE id = ANY($1)`,
      [ids],
    );
    return { waitMs: rows.map((r) => Number(r.wait)), runMs: rows.map((r) => Number(r.run)) };
  } finally {
    await db.end();
  }
}

/** An engine from workers/engines.js driven on this thread (as the vision benchmark's inline baseline). */
interface InlineEngines {
  createEngine(name: string): { close?: () => Promise<void> };
  handle(engine: unknown, payload: unknown): Promise<unknown>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const inlineEngines = () => require('../modules/vision/local/workers/engines.js') as InlineEngines;

const PHOTO_BYTES = PHOTOS.map((photo) => fixtureImage(photo));
/** Generous limits: the baselines check nothing the product would refuse for these photos. */
const INTAKE_LIMITS = { maxBytes: 50 * 1024 * 1024, maxPixels: 100_000_000 };
/**
 * What the pipeline does with an image's bytes before a model runs (the same acceptImage: decode,
 * orient, flatten, scale, in the forms the local engine reads), from bytes already in memory.
 */
const preparedPhoto = async (i: number) => (await acceptImage(PHOTO_BYTES[i % PHOTOS.length], INTAKE_LIMITS, 'image', LOCAL_IMAGE_NEEDS)).prepared;

export const jobsOverheadBenchmark: Benchmark = {
  name: 'jobs-overhead',
  async run({ databaseUrl, log }) {
    const product = await startProduct(databaseUrl);
    const watcher = await JobWatcher.start(databaseUrl);
    const engines = inlineEngines();
    const engine = engines.createEngine(LOCAL_ENGINE_OF[FEATURE]!);
    try {
      const cookie = await fundedAccount(product, databaseUrl, 'jobs-overhead@example.com');
      const submits = uploads(SUBMIT);
      const analyses = uploads(ANALYZE);
      // The baseline does what the pipeline does with the bytes (decode, orient, scale) and runs the engine.
      const direct = async (i: number) => {
        const started = performance.now();
        await engines.handle(engine, { op: 'run', feature: FEATURE, image: await preparedPhoto(i) });
        return performance.now() - started;
      };
      log('warming up: models load in the product and in this process');
      for (let i = 0; i < PHOTOS.length; i++) {
        await direct(i);
        await jobThroughQueue(product, cookie, watcher, submits[i]);
        await postUpload(product, cookie, analyses[i]);
      }
      const times = { direct: [] as number[], queue: [] as number[], sync: [] as number[], answered: [] as number[] };
      const measuredJobs: string[] = [];
      for (let round = 1; round <= OVERHEAD_ROUNDS; round++) {
        log(`round ${round}/${OVERHEAD_ROUNDS}: ${OVERHEAD_CALLS} calls each, one at a time (load average ${loadAverage()})`);
        for (let i = 0; i < OVERHEAD_CALLS; i++) {
          times.direct.push(await direct(i));
          const queued = await jobThroughQueue(product, cookie, watcher, submits[i % submits.length]);
          times.queue.push(queued.endedMs);
          times.answered.push(queued.answeredMs);
          measuredJobs.push(queued.id);
          const started = performance.now();
          await postUpload(product, cookie, analyses[i % analyses.length]);
          times.sync.push(performance.now() - started);
        }
        log(`  p50 so far: direct ${round1(percentile(times.direct, 50))} ms, queue ${round1(percentile(times.queue, 50))} ms, analyzeImage ${round1(percentile(times.sync, 50))} ms`);
      }
      const p = (kind: keyof typeof times, q: number) => round1(percentile(times[kind], q));
      const phases = await jobPhases(databaseUrl, measuredJobs);
      const breakdown = `queued call p50s: submitAnalysis answered after ${p('answered', 50)} ms; created → started ${round1(percentile(phases.waitMs, 50))} ms, started → finished ${round1(percentile(phases.runMs, 50))} ms (job rows)`;
      const calls = OVERHEAD_ROUNDS * OVERHEAD_CALLS;
      const measuredAt = `load average ${loadAverage()} (1/5/15 min) on ${CORES} cores; ${calls} calls each, ${OVERHEAD_ROUNDS} rounds interleaved, the ${PHOTOS.length} fixture photos in turn`;
      return [
        {
          name: 'FACE_DETECTION through the queue: p50 overhead over the engine called directly',
          value: round1(p('queue', 50) - p('direct', 50)),
          unit: 'ms',
          goal: '≤ 15 ms',
          note: `queue p50 ${p('queue', 50)} ms vs direct p50 ${p('direct', 50)} ms; the queued call includes HTTP, multipart upload, intake, charge, sealing the bytes, pg-boss, the worker's claim and the model thread; ${measuredAt}`,
        },
        {
          name: 'FACE_DETECTION through the queue (submitAnalysis → SUCCEEDED announced): p50',
          value: p('queue', 50),
          unit: 'ms',
          baseline: { name: 'engine called directly in-process (decode + run)', value: p('direct', 50) },
          ratio: ratio(p('direct', 50), p('queue', 50)),
        },
        {
          name: 'FACE_DETECTION through the queue (submitAnalysis → SUCCEEDED announced): p99',
          value: p('queue', 99),
          unit: 'ms',
          baseline: { name: 'engine called directly in-process (decode + run)', value: p('direct', 99) },
          ratio: ratio(p('direct', 99), p('queue', 99)),
        },
        {
          name: 'FACE_DETECTION through the queue vs analyzeImage in the same product: p50',
          value: p('queue', 50),
          unit: 'ms',
          baseline: { name: 'analyzeImage', value: p('sync', 50) },
          ratio: ratio(p('sync', 50), p('queue', 50)),
          note: `queue − analyzeImage at p50: ${round1(p('queue', 50) - p('sync', 50))} ms; analyzeImage p99 ${p('sync', 99)} ms; ${breakdown}`,
        },
      ];
    } finally {
      await engine.close?.();
      await watcher.close();
      await product.stop();
    }
  },
};

/** CPU time (user + system): of the product process (model threads included), of PostgreSQL, of this process (the clients). */
interface JobsCpu {
  product: number;
  postgres: number;
  bench: number;
}

function cpuReading(product: ServerProcess): JobsCpu {
  const own = process.cpuUsage();
  return { product: cpuMicros(product.child.pid!), postgres: postgresCpuMicros(), bench: own.user + own.system };
}

/** Runs `count` jobs from `clients` concurrent submitters; resolves when all ended, with ms from first send to last end. */
async function runJobs(
  product: ServerProcess,
  cookie: string,
  watcher: JobWatcher,
  count: number,
  log: (message: string) => void,
  clients = 10,
  onSubmitted: () => void = () => undefined,
): Promise<{ ms: number; failed: number; drainPerSecond: number; cpu: JobsCpu }> {
  const submits = uploads(SUBMIT);
  const cpuBefore = cpuReading(product);
  const started = performance.now();
  const ids: string[] = [];
  let next = 0;
  const endedBefore = watcher.endedCount;
  const progress = setInterval(() => log(`  ${ids.length}/${count} submitted, ${watcher.endedCount - endedBefore} ended`), 2_000);
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < count) {
          const i = next++;
          ids.push((await postUpload(product, cookie, submits[i % submits.length])).submitAnalysis.id);
        }
      }),
    );
    // After the last submit the workers no longer share the process with uploads and intake.
    const submittedAt = performance.now();
    onSubmitted();
    const endedAtSubmit = watcher.endedCount - endedBefore;
    const ended = await Promise.all(ids.map((id) => watcher.until(id)));
    const lastEnd = Math.max(...ended.map((e) => e.at));
    const cpuAfter = cpuReading(product);
    const perJob = (key: keyof JobsCpu) => (cpuAfter[key] - cpuBefore[key]) / 1000 / count;
    return {
      ms: lastEnd - started,
      failed: ended.filter((e) => e.status !== 'SUCCEEDED').length,
      drainPerSecond: (count - endedAtSubmit) / (Math.max(1, lastEnd - submittedAt) / 1000),
      cpu: { product: perJob('product'), postgres: perJob('postgres'), bench: perJob('bench') },
    };
  } finally {
    clearInterval(progress);
  }
}

export const jobsThroughputBenchmark: Benchmark = {
  name: 'jobs-throughput',
  async run({ databaseUrl, log }) {
    const threads = String(CORES);
    const product = await startProduct(databaseUrl, { JOB_CONCURRENCY: threads, LOCAL_ENGINE_THREADS: threads });
    const watcher = await JobWatcher.start(databaseUrl);
    const provider = new LocalVisionProvider({ threadsPerEngine: CORES, queueLimit: THROUGHPUT_JOBS });
    const signal = new AbortController().signal;
    try {
      const cookie = await fundedAccount(product, databaseUrl, 'jobs-throughput@example.com');
      // The raw loop: as many threads of the same engine, each image decoded and run, nothing else.
      const rawLoop = async (count: number) => {
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        let next = 0;
        await Promise.all(
          Array.from({ length: CORES }, async () => {
            while (next < count) {
              await provider.analyze(FEATURE, await preparedPhoto(next++), {}, signal);
            }
          }),
        );
        const cpu = process.cpuUsage(cpuBefore);
        rawCpuMsPerImage.push((cpu.user + cpu.system) / 1000 / count);
        return performance.now() - started;
      };
      const rawCpuMsPerImage: number[] = [];
      log(`warming up: ${CORES * 2} jobs and ${CORES * 2} raw runs (every model thread loads)`);
      await rawLoop(CORES * 2);
      await runJobs(product, cookie, watcher, CORES * 2, log);

      rawCpuMsPerImage.length = 0;
      const rates = { jobs: [] as number[], raw: [] as number[], drain: [] as number[] };
      const jobCpu: JobsCpu[] = [];
      let failed = 0;
      for (let round = 1; round <= THROUGHPUT_ROUNDS; round++) {
        log(`round ${round}/${THROUGHPUT_ROUNDS}: raw engine loop, ${THROUGHPUT_JOBS} images on ${CORES} threads (load average ${loadAverage()})`);
        rates.raw.push(THROUGHPUT_JOBS / ((await rawLoop(THROUGHPUT_JOBS)) / 1000));
        log(`round ${round}/${THROUGHPUT_ROUNDS}: ${THROUGHPUT_JOBS} jobs, JOB_CONCURRENCY=${CORES}, LOCAL_ENGINE_THREADS=${CORES} (load average ${loadAverage()})`);
        const run = await runJobs(product, cookie, watcher, THROUGHPUT_JOBS, log);
        failed += run.failed;
        rates.jobs.push(THROUGHPUT_JOBS / (run.ms / 1000));
        rates.drain.push(run.drainPerSecond);
        jobCpu.push(run.cpu);
        log(`  raw ${round1(rates.raw.at(-1)!)} images/s, jobs ${round1(rates.jobs.at(-1)!)} images/s`);
      }
      if (failed) throw new Error(`${failed} jobs did not succeed`);
      const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
      const perRound = (values: number[]) => values.map(round1).join(', ');
      const cpuOf = (key: keyof JobsCpu) => round1(mean(jobCpu.map((cpu) => cpu[key])));
      const jobCpuTotal = cpuOf('product') + cpuOf('postgres') + cpuOf('bench');
      const rawCpu = round1(mean(rawCpuMsPerImage));
      return [
        {
          name: `${THROUGHPUT_JOBS} FACE_DETECTION jobs, workers = cores (${CORES})`,
          value: round1(mean(rates.jobs)),
          unit: 'images/s',
          baseline: { name: `raw engine loop, ${CORES} threads, same images`, value: round1(mean(rates.raw)) },
          ratio: ratio(mean(rates.jobs), mean(rates.raw)),
          goal: '≥ 0.8 × raw',
          note: `CPU time per image: ${round1(jobCpuTotal)} ms through the queue (product process ${cpuOf('product')} ms, model threads included; PostgreSQL ${cpuOf('postgres')} ms; the submitting clients ${cpuOf('bench')} ms) vs ${rawCpu} ms in the raw loop: on ${CORES} cores shared by all of them the ratio cannot exceed ${ratio(rawCpu, jobCpuTotal)}; from the first submit to the last SUCCEEDED, 10 submitting clients; mean of ${THROUGHPUT_ROUNDS} rounds (jobs ${perRound(rates.jobs)}; raw ${perRound(rates.raw)}); after the last submit the queue drained at ${perRound(rates.drain)} images/s (${ratio(mean(rates.drain), mean(rates.raw))} × raw); the raw loop decodes each image and runs the local provider's model threads, no HTTP, database or queue; load average ${loadAverage()} on ${CORES} cores`,
        },
      ];
    } finally {
      await provider.close();
      await watcher.close();
      await product.stop();
    }
  },
};

/** `me` latency from 10 connections until `during` settles (or for `seconds` when there is nothing to wait for). */
async function meLatency(url: string, cookie: string, during: Promise<unknown> | number): Promise<{ p50: number; p99: number; requests: number }> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: ME_QUERY, connections: 10, duration: typeof during === 'number' ? during : 600 },
      (error, result) => (error ? reject(error) : resolve({ p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total })),
    );
    if (typeof during !== 'number') void during.finally(() => instance.stop());
  });
}

interface MeUnderJobs {
  idle: Array<{ p50: number; p99: number }>;
  /** From the first submit until the last job ended: the API takes the uploads while the models run. */
  busy: Array<{ p50: number; p99: number; seconds: number }>;
  /** After the last submit until the last job ended: only the models (and the settling of jobs) run. */
  running: Array<{ p50: number; p99: number; seconds: number }>;
}

/** `me` from 10 connections, idle and while ME_JOBS jobs run, ME_ROUNDS times in turn. */
async function meUnderJobs(api: ServerProcess, databaseUrl: string, email: string, log: (message: string) => void): Promise<MeUnderJobs> {
  const watcher = await JobWatcher.start(databaseUrl);
  try {
    const cookie = await fundedAccount(api, databaseUrl, email);
    const graphql = `${api.url}/graphql`;
    log('warming up: me for 3 s, then a few jobs (the model threads load)');
    await meLatency(graphql, cookie, 3);
    await runJobs(api, cookie, watcher, CORES * 2, log);
    const measured: MeUnderJobs = { idle: [], busy: [], running: [] };
    for (let round = 1; round <= ME_ROUNDS; round++) {
      log(`round ${round}/${ME_ROUNDS}: me, 10 connections, idle (load average ${loadAverage()})`);
      measured.idle.push(await meLatency(graphql, cookie, 5));
      log(`round ${round}/${ME_ROUNDS}: me, 10 connections, while ${ME_JOBS} jobs run (load average ${loadAverage()})`);
      const started = performance.now();
      const jobs = runJobs(api, cookie, watcher, ME_JOBS, log);
      const during = await meLatency(graphql, cookie, jobs);
      const { failed } = await jobs;
      if (failed) throw new Error(`${failed} jobs did not succeed`);
      measured.busy.push({ ...during, seconds: (performance.now() - started) / 1000 });
      log(`  me p99 idle ${measured.idle.at(-1)!.p99} ms, during jobs ${during.p99} ms`);
      log(`round ${round}/${ME_ROUNDS}: ${ME_JOBS} jobs submitted, then me while they run`);
      let submitted!: () => void;
      const allSubmitted = new Promise<void>((resolve) => (submitted = resolve));
      const runningJobs = runJobs(api, cookie, watcher, ME_JOBS, log, 10, submitted);
      await allSubmitted;
      const runningStarted = performance.now();
      const whileRunning = await meLatency(graphql, cookie, runningJobs);
      if ((await runningJobs).failed) throw new Error('jobs did not succeed');
      measured.running.push({ ...whileRunning, seconds: (performance.now() - runningStarted) / 1000 });
      log(`  me p99 while submitted jobs run ${whileRunning.p99} ms`);
    }
    return measured;
  } finally {
    await watcher.close();
  }
}

function meRow(name: string, idle: MeUnderJobs['idle'], busy: MeUnderJobs['busy']) {
  const mean = (values: number[]) => round1(values.reduce((sum, v) => sum + v, 0) / values.length);
  const idleP99 = mean(idle.map((r) => r.p99));
  const busyP99 = mean(busy.map((r) => r.p99));
  return {
    name,
    value: busyP99,
    unit: 'ms',
    baseline: { name: 'me p99 idle, same processes', value: idleP99 },
    ratio: ratio(idleP99, busyP99),
    goal: '≤ 2 × idle (ratio ≥ 0.5)',
    note: `10 connections; mean of ${ME_ROUNDS} rounds (busy ${busy.map((r) => r.p99).join(', ')}; idle ${idle.map((r) => r.p99).join(', ')}); p50 ${mean(busy.map((r) => r.p50))} ms vs idle ${mean(idle.map((r) => r.p50))} ms; measured for ${busy.map((r) => round1(r.seconds)).join(', ')} s; load average ${loadAverage()} on ${CORES} cores`,
  };
}

/** `me` under jobs on `api`, then the processes stopped (its workers first) whatever happened. */
async function measureThenStop(
  api: ServerProcess,
  workers: ServerProcess[],
  databaseUrl: string,
  email: string,
  log: (message: string) => void,
): Promise<MeUnderJobs> {
  try {
    return await meUnderJobs(api, databaseUrl, email, log);
  } finally {
    for (const worker of workers) await worker.stop();
    await api.stop();
  }
}

export const jobsMeBenchmark: Benchmark = {
  name: 'jobs-me',
  async run({ databaseUrl, log }) {
    log('npm start: API and job runner in one process');
    const together = await measureThenStop(await startProduct(databaseUrl), [], databaseUrl, 'jobs-me@example.com', log);
    log('worker tier: API with VISION_WORKERS=0 and one `npm run worker` process');
    const api = await startProduct(databaseUrl, { VISION_WORKERS: '0' });
    const split = await measureThenStop(api, [await forkProductWorker(databaseUrl)], databaseUrl, 'jobs-me-split@example.com', log);
    const submitting = `are submitted through the same API and run`;
    const submitted = `already submitted run (measured from the last submit to the last end)`;
    return [
      meRow(`me p99 while ${ME_JOBS} FACE_DETECTION jobs ${submitting} in the same process (npm start)`, together.idle, together.busy),
      meRow(`me p99 while ${ME_JOBS} FACE_DETECTION jobs ${submitting} on a worker process (API with VISION_WORKERS=0, same machine)`, split.idle, split.busy),
      meRow(`me p99 while ${ME_JOBS} FACE_DETECTION jobs ${submitted} in the same process (npm start)`, together.idle, together.running),
      meRow(`me p99 while ${ME_JOBS} FACE_DETECTION jobs ${submitted} on a worker process (API with VISION_WORKERS=0, same machine)`, split.idle, split.running),
    ];
  },
};
