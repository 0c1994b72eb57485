import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ServerProcess, forkServer } from './bench/harness';
import { withDatabase } from './test/global-setup';
import { GraphQLTestClient, signUp } from './test/harness';
import { FakeSentiSight, startFakeSentiSight } from './modules/vision/testing/fake-sentisight';
import { fixtureImage } from './modules/vision/testing/fixtures';
import { postMultipart } from './modules/vision/testing/multipart';

/**
 * Two real server processes (`src/main.ts`, as `npm start` runs it) on one empty database, as
 * two replicas behind a load balancer: they migrate it once between them, a user's paid calls
 * spread over both never spend a credit twice, and the retention timer running in both makes
 * one run at a time.
 */
const SENTISIGHT_TOKEN = 'two-processes-token';
const RETENTION_INTERVAL_MS = 400;
const ANALYZE = `mutation A($image: Upload!, $key: String) {
  analyzeImage(feature: GENERAL_CLASSIFICATION, image: $image, idempotencyKey: $key) { creditsCharged balance }
}`;

function startReplica(databaseUrl: string, sentisight: FakeSentiSight): Promise<ServerProcess> {
  return forkServer(
    path.join(__dirname, 'main.ts'),
    {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'vg-replica-')),
      JWT_SECRET: 'two-processes-jwt-secret-0123456789',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      RETENTION_INTERVAL_MS: String(RETENTION_INTERVAL_MS),
      VISION_PROVIDERS: 'GENERAL_CLASSIFICATION=sentisight',
      SENTISIGHT_API_BASE: sentisight.url,
      SENTISIGHT_TOKEN,
      PAID_RATE_LIMIT_PER_USER: '1000',
    },
    { execArgv: ['-r', path.join(__dirname, 'test', 'register-swc.js')] },
  );
}

/** Sends SIGTERM and answers the exit code. */
async function stopReplica(replica: ServerProcess): Promise<number | null> {
  await replica.stop();
  return replica.child.exitCode;
}

describe('two server processes on one database', () => {
  const adminUrl = process.env.VG_TEST_ADMIN_URL!;
  const database = `vg_t_${randomBytes(6).toString('hex')}`;
  let sentisight: FakeSentiSight;
  let db: Client;
  let replicas: ServerProcess[] = [];
  let startedAt = 0;

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`); // empty: both processes migrate at start
    await admin.end();
    sentisight = await startFakeSentiSight(SENTISIGHT_TOKEN);
    const url = withDatabase(adminUrl, database);
    startedAt = Date.now();
    replicas = await Promise.all([startReplica(url, sentisight), startReplica(url, sentisight)]);
    db = new Client({ connectionString: url });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    const codes = await Promise.all(replicas.map(stopReplica));
    await db?.end();
    await sentisight?.close();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    expect(codes).toEqual([0, 0]); // graceful SIGTERM in both
  });

  it('migrated the empty database exactly once between them', async () => {
    const rows = await db.query('SELECT name, count(*)::int AS n FROM migrations GROUP BY name HAVING count(*) > 1');
    expect(rows.rows).toEqual([]);
    const { rows: [{ n }] } = await db.query('SELECT count(*)::int AS n FROM migrations');
    expect(n).toBeGreaterThan(5);
  });

  it('never double-spends when one user calls both at once, by session and by retried idempotency keys', async () => {
    const [a, b] = replicas.map((r) => new GraphQLTestClient(`${r.url}/graphql`));
    const user = await signUp(a);
    for (const [name, value] of a.cookies) b.cookies.set(name, value); // the same session on both: one session row in the shared database
    const [{ price }] = (await db.query(`SELECT credits AS price FROM feature_prices WHERE feature = 'GENERAL_CLASSIFICATION'`)).rows;
    const image = { bytes: fixtureImage('chelsea.png'), filename: 'chelsea.png', contentType: 'image/png' };
    // 60 distinct calls (more than the 50 free credits pay for), each sent twice (to A and to B) with the same idempotency key: a retry through the other replica.
    const calls = Array.from({ length: 60 }, (_, i) => `call-${i}`);
    const answers = await Promise.all(
      calls.flatMap((key) => [a, b].map((client) => postMultipart(client, ANALYZE, { key }, image))),
    );
    const codes = answers.map((answer) => answer.errors?.[0]?.extensions?.code ?? 'OK');
    // A retry that arrives while its twin still runs may be told so (IDEMPOTENCY_IN_PROGRESS, as
    // Stripe's 409): on a loaded machine the twin can outlast the wait. The money is what must hold.
    expect(codes.filter((code) => !['OK', 'INSUFFICIENT_CREDITS', 'CONFLICT', 'IDEMPOTENCY_IN_PROGRESS'].includes(code))).toEqual([]);
    const expectedCharges = Math.min(calls.length, Math.floor(user.credits / price));
    const keysAnswered = new Set(calls.filter((_, i) => codes[2 * i] === 'OK' || codes[2 * i + 1] === 'OK'));
    expect(keysAnswered.size).toBeGreaterThanOrEqual(expectedCharges);
    expect(codes).toContain('INSUFFICIENT_CREDITS');

    const { rows: [balance] } = await db.query('SELECT credits FROM users WHERE id = $1', [user.id]);
    const { rows: [ledger] } = await db.query(`SELECT sum(delta)::int AS sum, count(*) FILTER (WHERE reason = 'CONSUMPTION')::int AS charges FROM credit_ledger WHERE user_id = $1`, [user.id]);
    const { rows: [logs] } = await db.query(`SELECT count(*)::int AS n FROM consumption_logs WHERE user_id = $1 AND status = 'SUCCEEDED'`, [user.id]);
    expect(ledger.charges).toBe(expectedCharges);
    expect(logs.n).toBe(expectedCharges);
    expect(balance.credits).toBe(user.credits - expectedCharges * price);
    expect(ledger.sum).toBe(balance.credits);
  });

  it('makes one retention run at a time although both run the timer', async () => {
    await new Promise((resolve) => setTimeout(resolve, RETENTION_INTERVAL_MS * 6));
    const { rows } = await db.query('SELECT started_at, finished_at, run_by FROM retention_runs ORDER BY started_at');
    expect(rows.length).toBeGreaterThan(1);
    // Both processes' timers fire, but runs never overlap and never come closer than half an interval.
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i].started_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1].finished_at.getTime());
      expect(rows[i].started_at.getTime() - rows[i - 1].started_at.getTime()).toBeGreaterThanOrEqual(RETENTION_INTERVAL_MS / 2);
    }
    // However long the earlier tests took (a loaded machine), no more runs than that spacing allows.
    expect(rows.length).toBeLessThanOrEqual(Math.ceil((Date.now() - startedAt) / (RETENTION_INTERVAL_MS / 2)) + 1);
  });
});
