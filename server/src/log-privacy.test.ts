import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ServerProcess, forkServer } from './bench/harness';
import { hashSecret } from './modules/api-tokens/token-secret';
import { promise } from './modules/privacy-promises/promise-test';
import { withDatabase } from './test/global-setup';
import { GraphQLTestClient, REGISTER } from './test/harness';

/**
 * What the production server (a real `NODE_ENV=production` process, logging JSON to stdout)
 * writes when the database refuses writes that carry personal data and secrets: the errors are
 * logged, with their request id, but no e-mail, name, password, hash or token reaches the log.
 * Constraints added to the test database make sign-up, profile updates and token creation fail
 * for names containing "Canary" (PostgreSQL's detail then quotes the whole row).
 */
jest.setTimeout(120_000);

const CANARY = `Canary${randomBytes(3).toString('hex')}`;
const EMAIL = `leak.${CANARY.toLowerCase()}@example.com`;
const PASSWORD = `pw-${CANARY}-secret`;
const CREATE_TOKEN = 'mutation T($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret token { id } } }';
const UPDATE_PROFILE = 'mutation P($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }';

interface LogLine {
  msg: string;
  requestId?: string;
  err?: { type?: string; code?: string; message?: string };
  [key: string]: unknown;
}

describe('logs in production', () => {
  const adminUrl = process.env.VG_TEST_ADMIN_URL!;
  const database = `vg_t_${randomBytes(6).toString('hex')}`;
  let server: ServerProcess;
  /** JSON log lines of stdout. */
  const raw: string[] = [];
  let pending = '';
  /** Everything the process wrote after it started listening, stdout and stderr. */
  let everything = '';

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${process.env.VG_TEST_TEMPLATE}`);
    await admin.end();
    const db = new Client({ connectionString: withDatabase(adminUrl, database) });
    await db.connect();
    await db.query(`ALTER TABLE users ADD CONSTRAINT test_canary CHECK (first_name || last_name NOT LIKE '%Canary%') NOT VALID`);
    await db.query(`ALTER TABLE api_tokens ADD CONSTRAINT test_canary CHECK (name NOT LIKE '%Canary%') NOT VALID`);
    await db.end();
    server = await forkServer(
      path.join(__dirname, 'main.ts'),
      {
        NODE_ENV: 'production',
        DATABASE_URL: withDatabase(adminUrl, database),
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'vg-logs-')),
        JWT_SECRET: 'log-privacy-jwt-secret-0123456789',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'debug',
      },
      { execArgv: ['-r', path.join(__dirname, 'test', 'register-swc.js')] },
    );
    server.child.stderr!.on('data', (chunk: Buffer) => (everything += chunk.toString()));
    server.child.stdout!.on('data', (chunk: Buffer) => {
      everything += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      raw.push(...lines.filter((line) => line.startsWith('{')));
    });
  });

  afterAll(async () => {
    await server?.stop();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  });

  const parsed = (from = 0): LogLine[] => raw.slice(from).map((line) => JSON.parse(line) as LogLine);

  /** Sends one operation with its own request id; answers the lines logged while it was served. */
  const sent = new Set<string>();
  let firstRequestLine = -1;
  async function logged(client: GraphQLTestClient, requestId: string, query: string, variables: Record<string, unknown>) {
    const from = raw.length;
    if (firstRequestLine < 0) firstRequestLine = from;
    sent.add(requestId);
    const response = await client.request(query, variables, { 'x-request-id': requestId });
    // The child writes its log before answering; the pipe may deliver it a moment later.
    for (let i = 0; i < 50 && !parsed(from).some((line) => line.requestId === requestId); i++) await new Promise((r) => setTimeout(r, 100));
    return { response, lines: parsed(from) };
  }

  promise(['001-1.5-server-logs', '001-5-bcrypt-12'], 'logs database failures with the request id but without e-mails, names, passwords, hashes or tokens', async () => {
    const client = new GraphQLTestClient(`${server.url}/graphql`);
    const person = { email: EMAIL, password: PASSWORD, firstName: `${CANARY}First`, lastName: `${CANARY}Last`, acceptTerms: true, confirmAge16: true };

    const signUp = await logged(client, 'leak-signup', REGISTER, { input: person });
    expect(signUp.response.errors?.[0].extensions?.code).toBe('INTERNAL');

    // A clean account, then failures that carry its e-mail, its hash and a token.
    const signedUp = await logged(client, 'leak-signup-ok', REGISTER, { input: { ...person, firstName: 'Plain', lastName: 'Person' } });
    expect(signedUp.response.errors).toBeUndefined();
    const created = await logged(client, 'leak-token-ok', CREATE_TOKEN, { input: { name: 'CI pipeline' } });
    const secret: string = created.response.data!.createApiToken.secret;

    const badToken = await logged(client, 'leak-token', CREATE_TOKEN, { input: { name: `${CANARY} token` } });
    expect(badToken.response.errors?.[0].extensions?.code).toBe('INTERNAL');
    client.bearer = secret;
    const badProfile = await logged(client, 'leak-profile', UPDATE_PROFILE, { input: { firstName: 'Plain', lastName: `${CANARY}Last` } });
    expect(badProfile.response.errors?.[0].extensions?.code).toMatch(/INTERNAL|FORBIDDEN|UNAUTHENTICATED/);
    client.bearer = null;
    const badProfileBySession = await logged(client, 'leak-profile-session', UPDATE_PROFILE, {
      input: { firstName: 'Plain', lastName: `${CANARY}Last` },
    });
    expect(badProfileBySession.response.errors?.[0].extensions?.code).toBe('INTERNAL');

    // Each failure is logged once, as the database error it was, with the request's id.
    for (const { lines, id } of [
      { lines: signUp.lines, id: 'leak-signup' },
      { lines: badToken.lines, id: 'leak-token' },
      { lines: badProfileBySession.lines, id: 'leak-profile-session' },
    ]) {
      const failures = lines.filter((line) => line.msg === 'unexpected error in GraphQL request');
      expect(failures).toEqual([expect.objectContaining({ requestId: id, err: expect.objectContaining({ type: 'QueryFailedError', code: '23514' }) })]);
    }
    // Every line written while requests were served carries the id of its request (a mail
    // listener may finish after its request answered, so a line can trail into the next one).
    expect(parsed(firstRequestLine).filter((line) => !sent.has(line.requestId ?? ''))).toEqual([]);

    const log = everything;
    const forbidden = [EMAIL, PASSWORD, CANARY, secret, hashSecret(secret), 'Failing row contains', 'INSERT INTO', 'UPDATE "users"'];
    for (const text of forbidden) expect({ text, found: log.includes(text) }).toEqual({ text, found: false });
    expect(log).not.toMatch(/\$2[aby]\$\d\d\$/); // a bcrypt hash
    expect(log).not.toMatch(/\b[0-9a-f]{64}\b/); // a SHA-256 token hash
    expect(log).not.toMatch(/vg_[0-9A-Za-z]{43}/); // an API token
  });
});
