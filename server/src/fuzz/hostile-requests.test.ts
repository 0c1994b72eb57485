import fc from 'fast-check';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ServerProcess, createDatabase, forkServer } from '../bench/harness';
import { FakeSentiSight, startFakeSentiSight } from '../modules/vision/testing/fake-sentisight';
import { fixtureImage } from '../modules/vision/testing/fixtures';
import { postMultipart } from '../modules/vision/testing/multipart';
import { ANALYZE_IMAGE } from '../modules/vision/testing/vision-api';
import { GraphQLTestClient, signUp } from '../test/harness';
import { HostileRequest, hostileRequest } from './hostile-requests';

/**
 * Property-based fuzzing of the production server process (`src/main.ts`, NODE_ENV=production)
 * with hostile requests (see hostile-requests.ts). For every request: the process stays up and
 * /healthz answers, the answer is JSON with `extensions.code` on every error, never a 5xx, a
 * stack trace or SQL, and a refused call moves no credit.
 *
 * `npm test` runs a few dozen with a fixed seed; `npm run fuzz` runs many more with a random
 * seed it prints (FUZZ_RUNS, FUZZ_SEED to replay one).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = process.env.FUZZ_SEED === 'random' ? randomBytes(4).readInt32LE() : Number(process.env.FUZZ_SEED ?? 20261204);
const SENTISIGHT_TOKEN = 'fuzz-token';
const LEAKS = /\n\s+at |node_modules|\.ts:\d+|\bSELECT\b|\bINSERT INTO\b|\bUPDATE\b.+\bSET\b|QueryFailedError|relation "|syntax error at or near|duplicate key/;

interface Answer {
  status: number;
  text: string;
}

function send(url: string, request: HostileRequest, session: Record<string, string>): Promise<Answer> {
  const headers: Record<string, string | number> = { ...request.headers, ...(request.signedIn ? session : {}) };
  if (request.body) headers['content-length'] = request.body.length;
  return new Promise((resolve, reject) => {
    const outgoing = http.request(`${url}${request.path}`, { method: request.method, headers, agent: false });
    outgoing.setTimeout(30_000, () => outgoing.destroy(new Error('no answer within 30 s')));
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.end(request.body ?? undefined);
  });
}

describe('fuzzing the production server with hostile requests', () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let sentisight: FakeSentiSight;
  let server: ServerProcess;
  let db: Client;
  let userId: string;
  const session: Record<string, string> = {};

  beforeAll(async () => {
    database = await createDatabase(process.env.VG_TEST_ADMIN_URL!, 'vg_t', process.env.VG_TEST_TEMPLATE);
    const url = database.url;
    sentisight = await startFakeSentiSight(SENTISIGHT_TOKEN);
    server = await forkServer(
      path.join(__dirname, '..', 'main.ts'),
      {
        NODE_ENV: 'production',
        DATABASE_URL: url,
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'vg-fuzz-')),
        JWT_SECRET: randomBytes(48).toString('base64'),
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        VISION_PROVIDERS: 'PLACES_CLASSIFICATION=sentisight',
        SENTISIGHT_API_BASE: sentisight.url,
        SENTISIGHT_TOKEN,
        PAID_RATE_LIMIT_PER_USER: '100000',
        PAID_RATE_LIMIT_PER_IP: '100000',
      },
      { execArgv: ['-r', path.join(__dirname, '..', 'test', 'register-swc.js')] },
    );
    db = new Client({ connectionString: url });
    await db.connect();
    const client = new GraphQLTestClient(`${server.url}/graphql`);
    userId = (await signUp(client)).id;
    session.cookie = client.authHeaders().cookie;
    // The session pays: a well-formed call is charged, so the refused ones below are the fuzzed input's doing.
    const paid = await postMultipart(client, ANALYZE_IMAGE, { feature: 'PLACES_CLASSIFICATION' }, { bytes: fixtureImage('horse.png'), filename: 'horse.png', contentType: 'image/png' });
    expect(paid.data?.analyzeImage.creditsCharged).toBe(1);
    console.log(`fuzz: ${RUNS} runs, seed ${SEED} (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS})`);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await db?.end();
    await sentisight?.close();
    await database?.drop();
  });

  const credits = async () => {
    const { rows: [row] } = await db.query(
      'SELECT u.credits, (SELECT count(*)::int FROM credit_ledger l WHERE l.user_id = u.id) AS entries FROM users u WHERE u.id = $1',
      [userId],
    );
    return row as { credits: number; entries: number };
  };

  it(
    'stays up and answers every request with a typed JSON error or data, never a 5xx, a stack trace or SQL, charging nothing refused',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileRequest, async (request) => {
          const before = request.signedIn ? await credits() : null;
          const answer = await send(server.url, request, session);
          expect(server.child.exitCode).toBeNull();
          expect(answer.status).toBeLessThan(500);
          expect(answer.text).not.toMatch(LEAKS);
          const body = JSON.parse(answer.text) as { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: unknown } }> };
          expect(typeof body).toBe('object');
          if (answer.status !== 200 || body.errors) {
            expect(body.errors?.length).toBeGreaterThan(0);
            for (const error of body.errors!) expect(typeof error.extensions?.code).toBe('string');
          }
          if (before) {
            const answered = body.data && Object.values(body.data).some((value) => value !== null);
            if (!answered) expect(await credits()).toEqual(before);
          }
          const health = await fetch(`${server.url}/healthz`);
          expect(health.status).toBe(200);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    Math.max(60_000, RUNS * 2_000),
  );
});
