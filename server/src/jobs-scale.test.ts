import { GraphQLTestClient, signUp } from './test/harness';
import { fixtureImage } from './modules/vision/testing/fixtures';
import { postMultipart } from './modules/vision/testing/multipart';
import { ProductionProcess, TestDatabase, createTestDatabase, productionEnv, startProcess } from './test/processes';
import { withDatabase } from './test/global-setup';
import { Client } from 'pg';

/**
 * Issue 17, point 10: two API processes (VISION_WORKERS=0) and two worker processes, production
 * mode, on one database. Twenty clients submit 200 FACE_DETECTION jobs (local engine, the fixture
 * photos) through both APIs while one worker is SIGKILLed mid-run. Afterwards every job has ended
 * exactly once and been charged once, every consumption log has ended, each user's ledger sums to
 * their balance, and no upload bytes are left.
 */
jest.setTimeout(600_000);

const CLIENTS = 20;
const JOBS_PER_CLIENT = 10;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'EXPIRED']);
/** JOB_CONCURRENCY of each worker. */
const WORKER_CONCURRENCY = 2;
const PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'horse.png', 'rocket.jpg'];

const SUBMIT = `mutation Submit($feature: VisionFeature!, $image: Upload) {
  submitAnalysis(feature: $feature, image: $image) { id status creditsCharged consumptionId }
}`;
const JOB = `query Job($id: ID!) { job(id: $id) { id status attempts creditsCharged consumptionId error { code message } } }`;

interface JobView {
  id: string;
  status: string;
  attempts: number;
  creditsCharged: number;
  consumptionId: string;
  error: { code: string; message: string } | null;
}

/** One client: signs up through one API, then submits and follows its jobs through both. */
async function runClient(index: number, apis: ProductionProcess[], jobIds: string[]): Promise<JobView[]> {
  const clients = apis.map((api) => new GraphQLTestClient(`${api.url}/graphql`));
  await signUp(clients[index % 2]);
  // One session: the second API gets the cookie the first one set.
  for (const [name, value] of clients[index % 2].cookies) clients[(index + 1) % 2].cookies.set(name, value);
  const submitted = await Promise.all(
    Array.from({ length: JOBS_PER_CLIENT }, async (_, j) => {
      const photo = PHOTOS[(index + j) % PHOTOS.length];
      const response = await postMultipart<{ submitAnalysis: JobView }>(
        clients[(index + j) % 2],
        SUBMIT,
        { feature: 'FACE_DETECTION' },
        { bytes: fixtureImage(photo), filename: photo, contentType: photo.endsWith('.jpg') ? 'image/jpeg' : 'image/png' },
      );
      if (response.errors?.length) throw new Error(`submitAnalysis: ${JSON.stringify(response.errors)}`);
      const job = response.data!.submitAnalysis;
      jobIds.push(job.id);
      return job;
    }),
  );
  return Promise.all(
    submitted.map(async (job, j) => {
      for (;;) {
        const { job: now } = await clients[(index + j + 1) % 2].ok<{ job: JobView }>(JOB, { id: job.id });
        if (TERMINAL.has(now.status)) return now;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }),
  );
}

/** A failure with what the processes said: their exit states and their last warnings and errors. */
function withProcessReport(error: unknown, processes: ProductionProcess[]): Error {
  const report = processes.map((process, index) => {
    const state = process.child.exitCode !== null || process.child.signalCode !== null ? `exited ${process.child.exitCode ?? process.child.signalCode}` : 'running';
    const problems = process.logs().filter((line) => line.level >= 40).slice(-8).map((line) => `    ${JSON.stringify(line).slice(0, 400)}`);
    return [`  ${process.kind} ${index} (${state})`, ...problems].join('\n');
  });
  const cause = error instanceof Error && error.cause ? ` (${String((error.cause as Error).message ?? error.cause)})` : '';
  return new Error(`${error instanceof Error ? error.message : String(error)}${cause}\n${report.join('\n')}`);
}

describe('jobs on 2 API and 2 worker processes, one worker SIGKILLed mid-run', () => {
  let database: TestDatabase;
  const apis: ProductionProcess[] = [];
  const workers: ProductionProcess[] = [];
  let startWorkers: () => Promise<void>;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Every process of the deployment shares the session secret; small pools, as the test
    // database server is shared.
    // A run counts as dead after the provider's time limit plus a margin (jobs module), found by
    // the queue's maintenance: both short, so the killed worker's jobs run again soon.
    const shared = productionEnv(database.url, { DB_POOL_SIZE: '4', LOG_LEVEL: 'info', VISION_TIMEOUT_MS: '20000', JOB_MAINTENANCE_SECONDS: '2' });
    const apiEnv = { ...shared, VISION_WORKERS: '0', SIGNUP_RATE_LIMIT: '1000', PAID_RATE_LIMIT_PER_IP: '10000', PAID_RATE_LIMIT_PER_USER: '10000' };
    const workerEnv = { ...shared, JOB_CONCURRENCY: String(WORKER_CONCURRENCY), LOCAL_ENGINE_THREADS: '1' };
    apis.push(...(await Promise.all([startProcess('api', apiEnv), startProcess('api', apiEnv)])));
    startWorkers = async () => {
      workers.push(...(await Promise.all([startProcess('worker', workerEnv), startProcess('worker', workerEnv)])));
    };
  });

  afterAll(async () => {
    await Promise.all([...apis, ...workers].map((process) => process.stop()));
    await database?.drop();
  });

  it('ends every job exactly once, charges it once, and leaves ledgers, logs and image bytes in order', async () => {
    const db = new Client({ connectionString: withDatabase(process.env.VG_TEST_ADMIN_URL!, database.name) });
    await db.connect();
    try {
      const jobIds: string[] = [];
      const run = Promise.all(Array.from({ length: CLIENTS }, (_, index) => runClient(index, apis, jobIds)));
      // The workers start (both at once, racing for the queue's schema) once every job is queued,
      // so there is a backlog whatever the machine's speed: the kill below always lands mid-run.
      const failed = run.then(() => undefined, (error: unknown) => error);
      while (jobIds.length < CLIENTS * JOBS_PER_CLIENT) {
        const early = await Promise.race([failed, new Promise((resolve) => setTimeout(() => resolve('waiting'), 100))]);
        if (early !== 'waiting') throw early ?? new Error('the clients ended before submitting every job');
      }
      await startWorkers();

      // Mid-run: once jobs have finished and others wait, the first worker dies without a chance
      // to clean up, while it holds a job. Each worker runs at most JOB_CONCURRENCY (2) jobs, so
      // with the victim frozen (SIGSTOP: nothing it holds can finish), 3 or more RUNNING jobs
      // mean at least one of them is the victim's.
      const victim = workers[0];
      let heldByVictim = 0;
      const deadline = Date.now() + 300_000;
      while (!heldByVictim) {
        if (Date.now() > deadline) throw new Error('the victim worker never held a job while others waited');
        const [{ done, queued }] = (
          await db.query(`SELECT count(*) FILTER (WHERE status = 'SUCCEEDED')::int AS done, count(*) FILTER (WHERE status = 'QUEUED')::int AS queued FROM jobs`)
        ).rows;
        if (done >= 20 && queued > 0) {
          victim.child.kill('SIGSTOP');
          const [{ running }] = (await db.query(`SELECT count(*)::int AS running FROM jobs WHERE status = 'RUNNING'`)).rows;
          if (running > WORKER_CONCURRENCY) heldByVictim = running - WORKER_CONCURRENCY;
          else victim.child.kill('SIGCONT');
        }
        if (!heldByVictim) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });

      const finished = (await run.catch((error: unknown) => Promise.reject(withProcessReport(error, [...apis, ...workers])))).flat();
      expect(finished).toHaveLength(CLIENTS * JOBS_PER_CLIENT);
      expect(new Set(finished.map((job) => job.id)).size).toBe(CLIENTS * JOBS_PER_CLIENT);
      expect(new Set(jobIds).size).toBe(CLIENTS * JOBS_PER_CLIENT);
      // The survivor ran the dead worker's jobs again (same charge): all succeed.
      expect(finished.filter((job) => job.status !== 'SUCCEEDED')).toEqual([]);
      expect(finished.filter((job) => job.attempts >= 2).length).toBeGreaterThanOrEqual(heldByVictim);
      for (const job of finished) expect(job.creditsCharged).toBe(1);

      // Every job row ended once: its consumption log ended, and one charge, no refund of a success.
      const { rows: jobs } = await db.query(
        `SELECT j.id, j.status, c.status AS log_status, c.credits FROM jobs j JOIN consumption_logs c ON c.id = j.consumption_id`,
      );
      expect(jobs).toHaveLength(CLIENTS * JOBS_PER_CLIENT);
      for (const job of jobs) expect([job.status, job.log_status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
      const { rows: logStatuses } = await db.query(`SELECT status, count(*)::int AS n FROM consumption_logs GROUP BY status`);
      for (const { status } of logStatuses) expect(['SUCCEEDED', 'FAILED', 'REFUNDED']).toContain(status);
      const { rows: charges } = await db.query(
        `SELECT c.id, count(l.*) FILTER (WHERE l.reason = 'CONSUMPTION')::int AS charges, count(l.*) FILTER (WHERE l.reason = 'REFUND')::int AS refunds
         FROM consumption_logs c LEFT JOIN credit_ledger l ON l.reference = c.id::text GROUP BY c.id`,
      );
      expect(charges).toHaveLength(CLIENTS * JOBS_PER_CLIENT);
      for (const row of charges) expect([row.charges, row.refunds]).toEqual([1, 0]);

      // Ledger == balance for every user.
      const { rows: users } = await db.query(
        `SELECT u.id, u.credits, coalesce(sum(l.delta), 0)::int AS ledger FROM users u LEFT JOIN credit_ledger l ON l.user_id = u.id GROUP BY u.id`,
      );
      expect(users).toHaveLength(CLIENTS);
      for (const user of users) expect(user.credits).toBe(user.ledger);

      // No upload bytes wait anywhere once their jobs ended.
      const { rows: [{ images }] } = await db.query('SELECT count(*)::int AS images FROM job_images');
      expect(images).toBe(0);
    } finally {
      await db.end();
    }
  });
});
