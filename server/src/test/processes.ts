import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { ServerProcess, forkServer } from '../bench/harness';
import { withDatabase } from './global-setup';

/**
 * Real processes for the tests of process kinds: the API (`src/main.ts`) and the worker
 * (`src/worker.ts`) in production mode, run from source through swc, each on a database
 * cloned from the migrated template.
 */
const SOURCE = path.join(__dirname, '..');
const SWC = ['-r', path.join(__dirname, 'register-swc.js')];
export type ProcessKind = 'api' | 'worker';
const SCRIPT: Record<ProcessKind, string> = { api: 'main.ts', worker: 'worker.ts' };

export async function adminQuery<T = Record<string, any>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const admin = new Client({ connectionString: process.env.VG_TEST_ADMIN_URL! });
  await admin.connect();
  try {
    return (await admin.query(sql, params)).rows as T[];
  } finally {
    await admin.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `vg_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${process.env.VG_TEST_TEMPLATE}`);
  return {
    name,
    url: withDatabase(process.env.VG_TEST_ADMIN_URL!, name),
    drop: async () => void (await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/** The environment of a production process on 127.0.0.1, any free port. */
export function productionEnv(databaseUrl: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    HOST: '127.0.0.1',
    PORT: '0',
    WORKER_PORT: '0',
    LOG_LEVEL: 'info',
    ...env,
  };
}

/**
 * The shutdown log lines every process kind (API and worker) writes in this order once its HTTP
 * side is closed and before its caches and database pool: the job machinery, then the models.
 */
export const QUEUE_SHUTDOWN_STEPS = [
  'shutdown: event listeners settled',
  'shutdown: job queue stopped',
  'shutdown: job feed LISTEN connection closed',
  'shutdown: access log flushed',
  'shutdown: vision workers stopped',
  'shutdown: rate limits closed',
] as const;

export interface ProductionProcess extends ServerProcess {
  kind: ProcessKind;
  /** JSON log lines written since start-up. */
  logs(): Array<Record<string, any>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts one process and resolves once it listens. */
export async function startProcess(kind: ProcessKind, env: Record<string, string>): Promise<ProductionProcess> {
  const server = await forkServer(path.join(SOURCE, SCRIPT[kind]), env, { execArgv: SWC });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) resolve({ code: server.child.exitCode, signal: server.child.signalCode });
    else server.child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    ...server,
    kind,
    exited,
    logs: () => server.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)),
  };
}

/** Runs a process that must fail to start: its exit code and what it wrote on stderr. */
export function failedStart(kind: ProcessKind, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = fork(path.join(SOURCE, SCRIPT[kind]), [], { execArgv: SWC, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

/** The samples of one metric in a Prometheus text answer, by their label text (`engine="human"`). */
export function metricSamples(text: string, name: string): Record<string, number> {
  const samples: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`).exec(line);
    if (match) samples[match[1] ?? ''] = Number(match[2]);
  }
  return samples;
}
