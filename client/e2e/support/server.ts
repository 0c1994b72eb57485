import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The photographs in the repository (server/test/fixtures/images, with their licences). */
export const FIXTURES_DIR = process.env.FIXTURES_DIR ?? path.resolve(REPO_ROOT, 'server', 'test', 'fixtures', 'images');
const SERVER_ENTRY = path.join(REPO_ROOT, 'server', 'dist', 'main.js');
const CLIENT_INDEX = path.join(REPO_ROOT, 'client', 'dist', 'index.html');

/** The machine's PostgreSQL (overridable to exercise the embedded fallback). */
const LOCAL_POSTGRES = process.env.E2E_LOCAL_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface PostgresServer {
  /** Admin URL (database `postgres`) on which throwaway databases are created. */
  adminUrl: URL;
  stop(): Promise<void>;
}

/**
 * The PostgreSQL server to create the throwaway database on: E2E_POSTGRES_URL or DATABASE_URL (its
 * database name is ignored), else the machine's on 127.0.0.1:5432, else the embedded PostgreSQL
 * that ships in the server's npm dependencies (as the server itself does without DATABASE_URL).
 */
async function postgresServer(): Promise<PostgresServer> {
  const configured = process.env.E2E_POSTGRES_URL ?? process.env.DATABASE_URL;
  const candidate = new URL(configured ?? LOCAL_POSTGRES);
  candidate.pathname = '/postgres';
  if (configured || (await answers(candidate.href))) return { adminUrl: candidate, stop: async () => undefined };

  const embeddedDir = mkdtempSync(path.join(os.tmpdir(), 'vg-e2e-postgres-'));
  const { startEmbeddedPostgres } = createRequire(import.meta.url)(path.join(REPO_ROOT, 'server', 'dist', 'db', 'embedded-postgres.js')) as {
    startEmbeddedPostgres(dataDir: string): Promise<{ url: string; stop(): Promise<void> }>;
  };
  const embedded = await startEmbeddedPostgres(embeddedDir);
  const adminUrl = new URL(embedded.url);
  adminUrl.pathname = '/postgres';
  return {
    adminUrl,
    stop: async () => {
      await embedded.stop();
      rmSync(embeddedDir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer /healthz within ${timeoutMs} ms:\n${output()}`);
}

export interface RunningServer {
  url: string;
  databaseUrl: string;
  /** Runs SQL on the server's database (fixtures such as promoting an admin). */
  sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Starts the BUILT server (server/dist) on a random port against a brand-new database, serving the
 * built client (client/dist) from the same origin. Builds nothing: run `npm run build` first.
 */
export async function startBuiltServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  for (const required of [SERVER_ENTRY, CLIENT_INDEX]) {
    if (!existsSync(required)) throw new Error(`${path.relative(REPO_ROOT, required)} is missing: run \`npm run build\` at the repository root first`);
  }
  const postgres = await postgresServer();
  const adminUrl = postgres.adminUrl;
  const databaseName = `vg_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl.href });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  const databaseUrl = new URL(adminUrl.href);
  databaseUrl.pathname = `/${databaseName}`;

  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vg-e2e-data-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The e2e run must never reach real providers or a real Stripe/SMTP account from the developer's shell.
  for (const name of Object.keys(env)) {
    if (/^(STRIPE_|SMTP_|SENTISIGHT_|FAL_|VISION_PROVIDERS|ADMIN_EMAIL|PUBLIC_URL)/.test(name)) delete env[name];
  }
  Object.assign(env, {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl.href,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    ...extraEnv,
  });

  let output = '';
  const child = spawn(process.execPath, [SERVER_ENTRY], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;

  const dropDatabase = async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl.href });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await cleanup.end();
  };

  try {
    await waitForHealth(url, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    await dropDatabase();
    await postgres.stop();
    throw error;
  }

  const pool = new pg.Pool({ connectionString: databaseUrl.href, max: 2 });
  return {
    url,
    databaseUrl: databaseUrl.href,
    sql: async (text, values) => (await pool.query(text, values)).rows,
    logs: () => output,
    stop: async () => {
      await pool.end();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await dropDatabase();
      await postgres.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
