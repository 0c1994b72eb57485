import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { withDatabase } from './test/global-setup';
import { freePort } from './test/ports';

/**
 * The real server (`src/main.ts`) in production mode, started wrong: it says what is wrong in
 * one line on stderr, without a stack trace, and exits 1 (an orchestrator shows that line).
 */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = fork(path.join(__dirname, 'main.ts'), [], {
    execArgv: ['-r', path.join(__dirname, 'test', 'register-swc.js')],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      JWT_SECRET: randomBytes(48).toString('base64url'),
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

function expectOneLine(result: { code: number | null; stderr: string }, line: RegExp) {
  expect(result.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(line)]);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack frame
  expect(result.code).toBe(1);
}

describe('start-up failures in production', () => {
  const adminUrl = () => process.env.VG_TEST_ADMIN_URL!;
  const database = `vg_t_${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${process.env.VG_TEST_TEMPLATE}`);
    await admin.end();
  });
  afterAll(async () => {
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('a port already in use', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const result = await start({ DATABASE_URL: withDatabase(adminUrl(), database), PORT: String(port) });
      expectOneLine(result, new RegExp(`^VisionGate failed to start: port ${port} is already in use on 127\\.0\\.0\\.1; stop the other process or set PORT$`));
    } finally {
      taken.close();
    }
  });

  it('an unreachable database, without its password', async () => {
    const port = await freePort();
    const result = await start({ DATABASE_URL: `postgres://visiongate:db-password@127.0.0.1:${port}/visiongate` });
    expectOneLine(result, new RegExp(`^VisionGate failed to start: cannot use the database at 127\\.0\\.0\\.1:${port}/visiongate \\(connection refused\\); check DATABASE_URL`));
    expect(result.stderr).not.toContain('db-password');
  });

  it('a database that does not exist', async () => {
    const result = await start({ DATABASE_URL: withDatabase(adminUrl(), 'vg_no_such_database') });
    expectOneLine(result, /^VisionGate failed to start: cannot use the database at .+\/vg_no_such_database \(database "vg_no_such_database" does not exist\)/);
  });

  it.each([
    ['PORT=abc', { PORT: 'abc' }, /^VisionGate failed to start: PORT must be an integer, got "abc"$/],
    ['a short JWT_SECRET', { JWT_SECRET: 'too-short' }, /^VisionGate failed to start: JWT_SECRET must be at least 32 bytes in production \(it has 9\); generate one with: /],
    ['the JWT_SECRET docker-compose.yml used to default to', { JWT_SECRET: 'change-me-to-a-long-random-string' }, /^VisionGate failed to start: JWT_SECRET is a value published with VisionGate/],
    ['no JWT_SECRET', { JWT_SECRET: '' }, /^VisionGate failed to start: JWT_SECRET is required when NODE_ENV=production/],
  ])('bad configuration: %s', async (_name, env, line) => {
    expectOneLine(await start({ DATABASE_URL: withDatabase(adminUrl(), database), ...env }), line);
  });
});
