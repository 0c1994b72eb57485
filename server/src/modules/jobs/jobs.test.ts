import { GraphQLTestClient, TestServer, signUp, startTestServer } from '../../test/harness';
import { eventually } from '../../test/eventually';
import { AppError, ErrorCode } from '../../core/errors';
import { VisionFeature } from '../vision';
import { fixtureImage } from '../vision/testing/fixtures';
import { FakeServer, startFakeServer } from '../vision/testing/http-fixture-server';
import { ScriptedProvider } from '../vision/testing/scripted-provider';
import { promise } from '../privacy-promises/promise-test';
import { CANCEL, JOB, JOBS, SUBMIT_BATCH, SUBMIT_IMAGE, SUBMIT_URL, expectMoney, imagesLeft, moneyOf, postFiles } from './testing';

const FACE = VisionFeature.FACE_DETECTION;
const png = fixtureImage('chelsea.png');

/** The provider's behaviour, per test. */
let script: () => Promise<{ faces: Array<{ score: number; box: { x: number; y: number; width: number; height: number }; landmarks: [] }> }>;
const ok = async () => ({ faces: [{ score: 0.9, box: { x: 1, y: 1, width: 5, height: 5 }, landmarks: [] as [] }] });
const providerError = async (): Promise<never> => {
  throw new AppError(ErrorCode.PROVIDER_ERROR, 'boom');
};

describe('jobs with a worker in the API process', () => {
  let server: TestServer;
  let images: FakeServer;
  let provider: ScriptedProvider;

  beforeAll(async () => {
    images = await startFakeServer((_request, response) => void response.writeHead(200, { 'content-type': 'image/png' }).end(png));
    server = await startTestServer({
      env: { SIGNUP_RATE_LIMIT: '1000', PAID_RATE_LIMIT_PER_USER: '10000', ALLOW_LOOPBACK_URLS: 'true', JOB_POLL_MS: '200', JOB_CONCURRENCY: '4' },
    });
    provider = new ScriptedProvider('local', () => script(), [FACE]);
    server.app.services.vision.registry.use(provider);
  });
  afterAll(async () => {
    await server.close();
    await images.close();
  });
  beforeEach(() => {
    script = ok;
  });

  async function user(): Promise<{ client: GraphQLTestClient; id: string }> {
    const client = server.client();
    const { id } = await signUp(client);
    return { client, id };
  }

  const finished = async (client: GraphQLTestClient, id: string, status = 'SUCCEEDED') => {
    let job: Record<string, any> = {};
    await eventually(async () => {
      job = (await client.ok(JOB, { id })).job;
      expect(job.status).toBe(status);
    }, 15_000);
    return job;
  };

  promise('001-1.3-queued-uploads-encrypted', 'runs an uploaded image: charged once, SUCCEEDED with its result, the sealed upload gone', async () => {
    const { client, id: userId } = await user();
    const submitted = await postFiles(client, SUBMIT_IMAGE, { feature: FACE }, [png], 'image');
    expect(submitted.errors).toBeUndefined();
    const job = submitted.data!.submitAnalysis;
    expect(job).toMatchObject({ feature: FACE, batchId: null, creditsCharged: expect.any(Number) });
    const done = await finished(client, job.id);
    expect(done).toMatchObject({ progress: 1, attempts: 1, error: null, result: { consumptionId: job.consumptionId, provider: 'LOCAL', faces: [{ score: 0.9 }] } });
    expect(await imagesLeft(server.dataSource)).toBe(0);
    const money = await moneyOf(server.dataSource, userId);
    expect(money.balance).toBe(money.ledger);
    expect(money.logs).toEqual({ SUCCEEDED: 1 });
  });

  promise('001-1.3-job-results-24h', 'keeps a finished job\'s result readable for 24 hours, then deletes it and keeps the job\'s record', async () => {
    const { client } = await user();
    const job = (await postFiles(client, SUBMIT_IMAGE, { feature: FACE }, [png], 'image')).data!.submitAnalysis;
    await finished(client, job.id);
    const stored = async () => (await server.dataSource.query('SELECT result IS NOT NULL AS kept FROM jobs WHERE id = $1', [job.id]))[0].kept;
    server.clock.advance(23 * 3_600_000);
    try {
      await server.app.services.jobs.sweep();
      expect(await stored()).toBe(true);
      expect((await client.ok(JOB, { id: job.id })).job.result).toMatchObject({ faces: [{ score: 0.9 }] });
      server.clock.advance(2 * 3_600_000);
      await server.app.services.jobs.sweep();
    } finally {
      server.clock.advance(-25 * 3_600_000);
    }
    expect(await stored()).toBe(false);
    expect((await client.ok(JOB, { id: job.id })).job).toMatchObject({ status: 'SUCCEEDED', result: null, feature: FACE });
  });

  it('keeps only the URL of a URL job', async () => {
    const { client } = await user();
    const url = `${images.url}/cat.png`;
    const job = (await client.ok(SUBMIT_URL, { feature: FACE, url })).submitAnalysis;
    const [row] = await server.dataSource.query('SELECT input FROM jobs WHERE id = $1', [job.id]);
    expect(row.input).toMatchObject({ source: 'url', url });
    const [image] = await server.dataSource.query('SELECT 1 FROM job_images WHERE job_id = $1', [job.id]);
    expect(image).toBeUndefined();
    await finished(client, job.id);
  });

  it('retries a failed run with the same charge, then succeeds', async () => {
    const { client, id: userId } = await user();
    let calls = 0;
    script = () => (++calls === 1 ? providerError() : ok());
    const job = (await client.ok(SUBMIT_URL, { feature: FACE, url: `${images.url}/a.png` })).submitAnalysis;
    const done = await finished(client, job.id);
    expect(done.attempts).toBe(2);
    await expectMoney(server.dataSource, userId, { logs: { SUCCEEDED: 1 }, refunds: [] });
  });

  it('fails after JOB_MAX_ATTEMPTS runs and refunds once', async () => {
    const { client, id: userId } = await user();
    script = providerError;
    const before = (await moneyOf(server.dataSource, userId)).balance;
    const job = (await client.ok(SUBMIT_URL, { feature: FACE, url: `${images.url}/b.png` })).submitAnalysis;
    const done = await finished(client, job.id, 'FAILED');
    expect(done).toMatchObject({ attempts: server.config.jobs.maxAttempts, error: { code: 'PROVIDER_ERROR' }, result: null });
    await expectMoney(server.dataSource, userId, { balance: before, logs: { REFUNDED: 1 }, refunds: [{ reference: job.consumptionId, n: 1 }] });
  });

  it('answers a retried submit with the same job and charges once, also when the retries race', async () => {
    const { client, id: userId } = await user();
    const variables = { feature: FACE, url: `${images.url}/c.png`, key: 'submit-1' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.request(SUBMIT_URL, variables)));
    const ids = new Set(answers.map((answer) => answer.data?.submitAnalysis.id));
    expect(answers.map((answer) => answer.errors)).toEqual(Array(5).fill(undefined));
    expect(ids.size).toBe(1);
    const [{ n }] = await server.dataSource.query('SELECT count(*)::int AS n FROM jobs WHERE user_id = $1', [userId]);
    expect(n).toBe(1);
    await finished(client, [...ids][0]);
    expect((await client.ok(SUBMIT_URL, variables)).submitAnalysis.id).toBe([...ids][0]);
    expect((await moneyOf(server.dataSource, userId)).logs).toEqual({ SUCCEEDED: 1 });
    expect(await client.errorCode(SUBMIT_URL, { ...variables, url: `${images.url}/other.png` })).toBe('CONFLICT');
  });

  it('runs a batch of uploads and URLs under one batchId and lists it', async () => {
    const { client } = await user();
    const response = await postFiles(client, SUBMIT_BATCH, { feature: FACE, urls: [`${images.url}/d.png`] }, [png, png]);
    expect(response.errors).toBeUndefined();
    const batch = response.data!.submitAnalyses;
    expect(batch.jobs).toHaveLength(3);
    expect(new Set(batch.jobs.map((job: { batchId: string }) => job.batchId))).toEqual(new Set([batch.id]));
    for (const job of batch.jobs) await finished(client, job.id);
    const page = (await client.ok(JOBS, { first: 2, batchId: batch.id })).jobs;
    expect(page.nodes).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = (await client.ok(JOBS, { first: 2, batchId: batch.id, after: page.pageInfo.endCursor })).jobs;
    expect([...page.nodes, ...rest.nodes].map((job: { id: string }) => job.id).sort()).toEqual(batch.jobs.map((job: { id: string }) => job.id).sort());
    expect(await imagesLeft(server.dataSource)).toBe(0);
  });

  it('refuses a batch with a bad image, over 50 items, or beyond the balance, charging nothing', async () => {
    const { client, id: userId } = await user();
    const before = await moneyOf(server.dataSource, userId);
    const bad = await postFiles(client, SUBMIT_BATCH, { feature: FACE }, [png, Buffer.from('not an image')]);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // A damaged PNG passes the type check and fails only while it is decoded, as the charge is written: all rolled back.
    const damaged = png.subarray(0, Math.floor(png.length * 0.6));
    const undecodable = await postFiles(client, SUBMIT_BATCH, { feature: FACE }, [png, damaged]);
    expect(undecodable.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'images.1' });
    const urls = (count: number) => Array.from({ length: count }, (_, i) => `${images.url}/${i}.png`);
    expect(await client.errorCode(SUBMIT_BATCH, { feature: FACE, urls: urls(51) })).toBe('BAD_USER_INPUT');
    expect(await client.errorCode(SUBMIT_BATCH, { feature: FACE, urls: [] })).toBe('BAD_USER_INPUT');
    const features = server.app.services.visionFeatures;
    const price = await features.price(FACE);
    await features.setPrice(userId, FACE, 2);
    try {
      // 26 × 2 credits: more than the 50 of a new account, though each item alone is affordable.
      expect(await client.errorCode(SUBMIT_BATCH, { feature: FACE, urls: urls(Math.floor(before.balance / 2) + 1) })).toBe('INSUFFICIENT_CREDITS');
      // Beyond the balance and a damaged image: the image is the answer (fix it first), still nothing charged.
      await features.setPrice(userId, FACE, before.balance + 1);
      const both = await postFiles(client, SUBMIT_BATCH, { feature: FACE }, [damaged]);
      expect(both.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'images.0' });
    } finally {
      await features.setPrice(userId, FACE, price);
    }
    expect(await moneyOf(server.dataSource, userId)).toEqual(before);
    const [{ n }] = await server.dataSource.query('SELECT count(*)::int AS n FROM jobs WHERE user_id = $1', [userId]);
    expect(n).toBe(0);
  });

  it('runs a job submitted in this process from the image its intake decoded; the sealed copy must still exist', async () => {
    const { client } = await user();
    // Four runs (JOB_CONCURRENCY) hold the runner, so the next jobs wait in the queue.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    script = async () => {
      await held;
      return ok();
    };
    const holding = await Promise.all(Array.from({ length: 4 }, async () => (await postFiles(client, SUBMIT_IMAGE, { feature: FACE }, [png], 'image')).data!.submitAnalysis));
    await eventually(async () => {
      const statuses = await Promise.all(holding.map(async (job) => (await client.ok(JOB, { id: job.id })).job.status));
      expect(statuses).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
    });
    const handedOff = (await postFiles(client, SUBMIT_IMAGE, { feature: FACE }, [png], 'image')).data!.submitAnalysis;
    const gone = (await postFiles(client, SUBMIT_IMAGE, { feature: FACE }, [png], 'image')).data!.submitAnalysis;
    // Its sealed copy no longer decrypts: only the decoded image kept in memory can run it.
    await server.dataSource.query(`UPDATE job_images SET ciphertext = decode(repeat('00', 64), 'hex') WHERE job_id = $1`, [handedOff.id]);
    // The other's sealed copy is gone (an erasure, say): it is not run from memory either.
    await server.dataSource.query('DELETE FROM job_images WHERE job_id = $1', [gone.id]);
    script = ok;
    release();
    expect(await finished(client, handedOff.id)).toMatchObject({ result: { faces: [{ score: 0.9 }] } });
    expect(await finished(client, gone.id, 'FAILED')).toMatchObject({ error: { code: 'IMAGE_GONE' } });
    for (const job of holding) await finished(client, job.id);
    expect(await imagesLeft(server.dataSource)).toBe(0);
  });

  it('answers NOT_FOUND for another user’s job and an unknown id', async () => {
    const owner = await user();
    const other = await user();
    const job = (await owner.client.ok(SUBMIT_URL, { feature: FACE, url: `${images.url}/e.png` })).submitAnalysis;
    expect(await other.client.errorCode(JOB, { id: job.id })).toBe('NOT_FOUND');
    expect(await other.client.errorCode(CANCEL, { id: job.id })).toBe('NOT_FOUND');
    expect(await owner.client.errorCode(JOB, { id: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
    expect(await owner.client.errorCode(JOB, { id: 'nope' })).toBe('NOT_FOUND');
    expect((await other.client.ok(JOBS, { first: 10 })).jobs.nodes).toEqual([]);
  });

  it('refuses a non-public webhook URL with URL_NOT_ALLOWED before charging', async () => {
    const { client, id: userId } = await user();
    const before = await moneyOf(server.dataSource, userId);
    const code = await client.errorCode(SUBMIT_URL, { feature: FACE, url: `${images.url}/f.png`, webhookUrl: 'http://10.1.2.3/hook' });
    expect(code).toBe('URL_NOT_ALLOWED');
    expect(await moneyOf(server.dataSource, userId)).toEqual(before);
  });

  it('writes nothing when the enqueue fails: no charge, no log, no job, no upload', async () => {
    const { client, id: userId } = await user();
    const before = await moneyOf(server.dataSource, userId);
    const send = jest.spyOn(server.app.services.jobQueue, 'send').mockRejectedValueOnce(new Error('queue down'));
    try {
      const response = await postFiles(client, SUBMIT_IMAGE, { feature: FACE }, [png], 'image');
      expect(response.errors?.[0].extensions?.code).toBe('INTERNAL');
    } finally {
      send.mockRestore();
    }
    expect(await moneyOf(server.dataSource, userId)).toEqual(before);
    const [{ n }] = await server.dataSource.query('SELECT count(*)::int AS n FROM jobs WHERE user_id = $1', [userId]);
    expect(n).toBe(0);
    expect(await imagesLeft(server.dataSource)).toBe(0);
  });

  /**
   * Submits an image while this process's claims are held, and hands `body` the job once its
   * claim waits and its model already ran: `release()` lets the claim go on, `decided` lists
   * what the claim answered, `runs()` counts the model's runs.
   */
  async function withClaimHeld(
    client: GraphQLTestClient,
    body: (held: { job: Record<string, any>; release: () => void; decided: unknown[]; runs: () => number }) => Promise<void>,
  ): Promise<void> {
    const jobs = server.app.services.jobs;
    const claim = jobs.claim.bind(jobs);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const waiting: string[] = [];
    const decided: unknown[] = [];
    const spy = jest.spyOn(jobs, 'claim').mockImplementation(async (jobId, prepared) => {
      waiting.push(jobId);
      await gate;
      const answer = await claim(jobId, prepared);
      decided.push(answer);
      return answer;
    });
    let runs = 0;
    script = async () => (runs++, ok());
    try {
      const job = (await postFiles(client, SUBMIT_IMAGE, { feature: FACE }, [png], 'image')).data!.submitAnalysis;
      await eventually(async () => expect(waiting).toEqual([job.id]));
      // The claim has not committed, yet the model already ran on the image decoded at intake.
      await eventually(async () => expect(runs).toBe(1));
      await body({ job, release, decided, runs: () => runs });
    } finally {
      release();
      spy.mockRestore();
    }
  }

  it('starts the model of a job submitted here while its claim commits; the job runs once', async () => {
    const { client, id: userId } = await user();
    await withClaimHeld(client, async ({ job, release, runs }) => {
      expect((await client.ok(JOB, { id: job.id })).job.status).toBe('QUEUED');
      release();
      expect(await finished(client, job.id)).toMatchObject({ attempts: 1, result: { faces: [{ score: 0.9 }] } });
      expect(runs()).toBe(1);
    });
    await expectMoney(server.dataSource, userId, { logs: { SUCCEEDED: 1 } });
  });

  it('never reads an early run whose claim refuses: a job cancelled before its claim ends CANCELED, refunded once, no result', async () => {
    const { client, id: userId } = await user();
    const before = (await moneyOf(server.dataSource, userId)).balance;
    await withClaimHeld(client, async ({ job, release, decided }) => {
      expect((await client.ok(CANCEL, { id: job.id })).cancelJob.status).toBe('CANCELED');
      release();
      await eventually(async () => expect(decided).toEqual([null]));
      expect((await client.ok(JOB, { id: job.id })).job).toMatchObject({ status: 'CANCELED', attempts: 0, result: null, error: { code: 'CANCELED' } });
    });
    const money = await moneyOf(server.dataSource, userId);
    expect(money).toMatchObject({ balance: before, ledger: before, logs: { REFUNDED: 1 } });
    expect(money.refunds).toHaveLength(1);
    expect(await imagesLeft(server.dataSource)).toBe(0);
  });
});

/** Without a worker (VISION_WORKERS=0) jobs stay queued: the tests drive claims and the sweeper by hand. */
describe('queued jobs without a worker', () => {
  let server: TestServer;
  let client: GraphQLTestClient;
  let userId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { SIGNUP_RATE_LIMIT: '1000', VISION_WORKERS: '0', JOB_TTL_MINUTES: '10' } });
    server.app.services.vision.registry.use(new ScriptedProvider('local', () => ok(), [FACE]));
    client = server.client();
    userId = (await signUp(client)).id;
  });
  afterAll(() => server.close());

  const submit = async () => (await postFiles(client, SUBMIT_IMAGE, { feature: FACE }, [png], 'image')).data!.submitAnalysis;
  const sealedRows = async (jobId: string) =>
    (await server.dataSource.query('SELECT count(*)::int AS n FROM job_images WHERE job_id = $1', [jobId]))[0].n as number;

  promise('001-1.3-queued-uploads-encrypted', 'keeps a queued upload only as AES-256-GCM ciphertext', async () => {
    const job = await submit();
    const [row] = await server.dataSource.query('SELECT ciphertext FROM job_images WHERE job_id = $1', [job.id]);
    expect(row.ciphertext.length).toBe(png.length);
    expect(row.ciphertext.equals(png)).toBe(false);
    expect(row.ciphertext.includes(png.subarray(0, 64))).toBe(false);
    await client.ok(CANCEL, { id: job.id });
  });

  promise('001-1.3-queued-uploads-encrypted', 'cancels a queued job: CANCELED, refunded at once, the upload deleted', async () => {
    const before = (await moneyOf(server.dataSource, userId)).balance;
    const job = await submit();
    expect(await sealedRows(job.id)).toBe(1);
    const canceled = (await client.ok(CANCEL, { id: job.id })).cancelJob;
    expect(canceled).toMatchObject({ status: 'CANCELED', error: { code: 'CANCELED' } });
    expect(await sealedRows(job.id)).toBe(0);
    const money = await moneyOf(server.dataSource, userId);
    expect(money.balance).toBe(before);
    expect(money.balance).toBe(money.ledger);
    expect((await client.ok(CANCEL, { id: job.id })).cancelJob.status).toBe('CANCELED');
    expect(money.refunds.filter((refund) => refund.reference === job.consumptionId)).toEqual([{ reference: job.consumptionId, n: 1 }]);
  });

  it('cancels a running job at its next safe point: the result is discarded and the charge refunded', async () => {
    const jobs = server.app.services.jobs;
    const job = await submit();
    const claimed = (await jobs.claim(job.id))!;
    expect(claimed.row.status).toBe('RUNNING');
    expect((await client.ok(CANCEL, { id: job.id })).cancelJob.status).toBe('RUNNING');
    const outcome = await server.app.services.vision.execute(claimed.work);
    const ended = await jobs.succeeded(claimed, outcome);
    expect(ended).toMatchObject({ status: 'CANCELED', result: null });
    expect(await sealedRows(job.id)).toBe(0);
    const [log] = await server.dataSource.query('SELECT status FROM consumption_logs WHERE id = $1', [job.consumptionId]);
    expect(log.status).toBe('REFUNDED');
  });

  promise('001-1.3-queued-uploads-encrypted', 'expires a job queued longer than JOB_TTL_MINUTES: EXPIRED, refunded, the upload swept', async () => {
    const before = (await moneyOf(server.dataSource, userId)).balance;
    const job = await submit();
    server.clock.advance(11 * 60_000);
    try {
      const swept = await server.app.services.jobs.sweep();
      expect(swept.expired).toBeGreaterThanOrEqual(1);
    } finally {
      server.clock.advance(-11 * 60_000);
    }
    expect((await client.ok(JOB, { id: job.id })).job).toMatchObject({ status: 'EXPIRED', error: { code: 'EXPIRED' } });
    expect(await sealedRows(job.id)).toBe(0);
    const money = await moneyOf(server.dataSource, userId);
    expect(money.balance).toBe(before);
    expect(money.balance).toBe(money.ledger);
    // A late hand-out of the expired job finds nothing to run.
    expect(await server.app.services.jobs.claim(job.id)).toBeNull();
  });

  it('runs a job again after its worker died, with the same charge, and refunds once when the runs are used up', async () => {
    const jobs = server.app.services.jobs;
    const before = (await moneyOf(server.dataSource, userId)).balance;
    const job = await submit();
    const max = server.config.jobs.maxAttempts;
    // Each claim without an outcome is a worker killed mid-run; the queue hands the job out again after its expiry.
    for (let attempt = 1; attempt <= max; attempt++) {
      const claimed = await jobs.claim(job.id);
      expect(claimed?.row.attempts).toBe(attempt);
    }
    expect(await jobs.claim(job.id)).toBeNull();
    const ended = (await client.ok(JOB, { id: job.id })).job;
    expect(ended).toMatchObject({ status: 'FAILED', attempts: max, error: { code: 'WORKER_LOST' } });
    expect(await sealedRows(job.id)).toBe(0);
    const money = await moneyOf(server.dataSource, userId);
    expect(money.balance).toBe(before);
    expect(money.refunds.filter((refund) => refund.reference === job.consumptionId)).toHaveLength(1);
    const [log] = await server.dataSource.query('SELECT status FROM consumption_logs WHERE id = $1', [job.consumptionId]);
    expect(log.status).toBe('REFUNDED');
  });

  it('commits a claim and its success without waiting for the disk; charges, refunds and failures wait', async () => {
    // synchronous_commit as each transaction commits, read on its own connection just before COMMIT.
    const commits: string[] = [];
    const createQueryRunner = server.dataSource.createQueryRunner.bind(server.dataSource);
    const spy = jest.spyOn(server.dataSource, 'createQueryRunner').mockImplementation((mode) => {
      const runner = createQueryRunner(mode);
      const commit = runner.commitTransaction.bind(runner);
      runner.commitTransaction = async () => {
        commits.push((await runner.query('SHOW synchronous_commit'))[0].synchronous_commit);
        await commit();
      };
      return runner;
    });
    const during = async (step: () => Promise<unknown>) => {
      commits.length = 0;
      await step();
      return [...commits];
    };
    try {
      const jobs = server.app.services.jobs;
      let job = { id: '' };
      const submitted = await during(async () => (job = await submit()));
      expect(submitted).toContain('on');
      expect(submitted).not.toContain('off');
      let claimed = null as unknown as NonNullable<Awaited<ReturnType<typeof jobs.claim>>>;
      expect(await during(async () => (claimed = (await jobs.claim(job.id))!))).toEqual(['off']);
      const outcome = await server.app.services.vision.execute(claimed.work);
      expect(await during(() => jobs.succeeded(claimed, outcome))).toEqual(['off']);
      expect((await client.ok(JOB, { id: job.id })).job.status).toBe('SUCCEEDED');

      const failing = await submit();
      const run = (await jobs.claim(failing.id))!;
      expect(await during(() => jobs.failed(run, new AppError(ErrorCode.BAD_USER_INPUT, 'not retried')))).toEqual(['on']);
      const queued = await submit();
      const canceled = await during(() => client.ok(CANCEL, { id: queued.id }));
      expect(canceled).toContain('on');
      expect(canceled).not.toContain('off');
    } finally {
      spy.mockRestore();
    }
  });

  it('leaves queued jobs to their own expiry, not to the stale-call sweeper', async () => {
    const job = await submit();
    server.clock.advance(9 * 60_000);
    try {
      await server.app.services.metering.refundStalePending(60_000);
    } finally {
      server.clock.advance(-9 * 60_000);
    }
    const [log] = await server.dataSource.query('SELECT status FROM consumption_logs WHERE id = $1', [job.consumptionId]);
    expect(log.status).toBe('PENDING');
    await client.ok(CANCEL, { id: job.id });
  });

  it('decodes an upload before its charge locks the account: a submit being decoded holds no lock', async () => {
    const vision = server.app.services.vision;
    const acceptUpload = vision.acceptUpload.bind(vision);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let decoding!: () => void;
    const started = new Promise<void>((resolve) => (decoding = resolve));
    const spy = jest.spyOn(vision, 'acceptUpload').mockImplementation((...args) => {
      decoding();
      return held.then(() => acceptUpload(...args));
    });
    const other = await server.dataSource.createQueryRunner();
    try {
      const submitting = submit();
      await started;
      // For a while (the submit's other steps take a few ms), the account's row stays free:
      // NOWAIT fails at once if any transaction holds it.
      for (let check = 0; check < 20; check++) {
        await other.startTransaction();
        await expect(other.query('SELECT id FROM users WHERE id = $1 FOR UPDATE NOWAIT', [userId])).resolves.toHaveLength(1);
        await other.rollbackTransaction();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      release();
      const job = await submitting;
      expect(job.status).toBe('QUEUED');
      await client.ok(CANCEL, { id: job.id });
    } finally {
      release();
      spy.mockRestore();
      await other.release();
    }
  });

  it('fetches and completes queue entries on connections whose commits do not wait for the disk; the send stays in the submit', async () => {
    const queue = server.app.services.jobQueue;
    expect((await queue.quickPool.query('SHOW synchronous_commit')).rows[0].synchronous_commit).toBe('off');
    const quickQueries = jest.spyOn(queue.quickPool, 'query');
    let job: { id: string };
    try {
      job = await submit();
      expect(quickQueries).not.toHaveBeenCalled();
      const entries = await queue.fetch(100);
      expect(entries.map((entry) => entry.data.jobId)).toContain(job.id);
      expect(quickQueries).toHaveBeenCalledTimes(1);
      const entry = entries.find((candidate) => candidate.data.jobId === job.id)!;
      await queue.complete(entry.id);
      expect(quickQueries).toHaveBeenCalledTimes(2);
    } finally {
      quickQueries.mockRestore();
    }
    const [{ state }] = await server.dataSource.query('SELECT state FROM pgboss.job WHERE id = $1', [job.id]);
    expect(state).toBe('completed');
    await client.ok(CANCEL, { id: job.id });
  });

  it('announces every state change (job.updated after commit, NOTIFY for other processes)', async () => {
    const events: string[] = [];
    server.app.services.events.on('job.updated', ({ status, document }) => void events.push(`${status}:${String(document.status)}`));
    const notified: string[] = [];
    const unsubscribe = server.app.services.jobFeed.subscribe((change) => notified.push(change.status));
    await server.app.services.jobFeed.start();
    const job = await submit();
    await client.ok(CANCEL, { id: job.id });
    await server.app.services.events.settle();
    expect(events.slice(-2)).toEqual(['QUEUED:QUEUED', 'CANCELED:CANCELED']);
    await eventually(async () => expect(notified.slice(-2)).toEqual(['QUEUED', 'CANCELED']));
    unsubscribe();
  });
});
