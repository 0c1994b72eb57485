import autocannon from 'autocannon';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { stopProcess } from '../test/stop-process';

/** Helpers shared by benchmarks: fresh databases, server processes, HTTP load. */

export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A new database (empty, or a copy of `template`), dropped by `drop()`. */
export async function createDatabase(adminUrl: string, prefix = 'vg_bench', template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabaseName(adminUrl, name),
    drop: async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await client.end();
    },
  };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote on stdout and stderr so far, start-up included. */
  output(): string;
  stop(): Promise<void>;
}

/** Forks a compiled script that prints `LISTENING <url>` (main.js does via the env flag). */
export async function forkServer(
  script: string,
  env: Record<string, string>,
  options: { args?: string[]; execArgv?: string[] } = {},
): Promise<ServerProcess> {
  const child = fork(path.resolve(script), options.args ?? [], {
    execArgv: options.execArgv ?? [],
    env: { ...process.env, ...env, BENCH_ANNOUNCE: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}): ${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    stop: () => stopProcess(child, { killAfterMs: 20_000 }),
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  errors: number;
  non2xx: number;
  /** CPU time (user + system) the server process spent per request, when its pid was given. */
  cpuMicrosPerRequest?: number;
}

/** user + system CPU time of a process so far, in µs (from /proc; clock ticks of 10 ms). */
export function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/**
 * CPU time (µs) so far of every PostgreSQL process on this machine (postmaster and backends):
 * the database's share of a benchmark, from the difference of two readings.
 */
export function postgresCpuMicros(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
      total += cpuMicros(Number(pid));
    } catch {
      // The process ended between the listing and the reading.
    }
  }
  return total;
}

/** Drives a server with `connections` keep-alive connections for `seconds` after a warm-up. */
export async function httpLoad(options: {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  seconds?: number;
  warmupSeconds?: number;
  /** The server's pid: adds its CPU µs per request (a steadier figure than req/s on a shared machine). */
  pid?: number;
}): Promise<LoadResult> {
  const base = {
    url: options.url,
    method: options.method ?? 'POST',
    headers: options.headers,
    body: options.body,
    connections: options.connections ?? 50,
  };
  await autocannon({ ...base, duration: options.warmupSeconds ?? 2 });
  const cpuBefore = options.pid ? cpuMicros(options.pid) : 0;
  const result = await autocannon({ ...base, duration: options.seconds ?? 8 });
  const cpu = options.pid ? cpuMicros(options.pid) - cpuBefore : 0;
  return {
    cpuMicrosPerRequest: options.pid && result.requests.total ? Math.round(cpu / result.requests.total) : undefined,
    requestsPerSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export const ratio = (value: number, baseline: number) => Math.round((value / baseline) * 100) / 100;

const distRoot = path.resolve(__dirname, '..');

/** The query every server of the `me`, memory and login benchmarks answers. */
export const ME_QUERY = JSON.stringify({ query: '{ me { id email credits } }' });

/** One of the baseline servers next to this file (`raw-me-server`, `apollo-me-server`, …), compiled. */
export function forkBaseline(name: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return forkServer(path.join(distRoot, 'bench', `${name}.js`), env);
}

/**
 * One session secret for every product process of a benchmark run: a cookie signed by one is
 * valid on the others (the me benchmark signs in once and drives several). Random, since
 * production refuses published secrets.
 */
const BENCH_JWT_SECRET = randomBytes(48).toString('base64url');

/** The product (`dist/main.js`) as `npm start` runs it in production, on a benchmark database. */
export function forkProduct(databaseUrl: string, env: Record<string, string> = {}, options: { execArgv?: string[] } = {}): Promise<ServerProcess> {
  return forkServer(path.join(distRoot, 'main.js'), productionEnv(databaseUrl, env), options);
}

/** A job worker (`dist/worker.js`, `npm run worker`) on a benchmark database; its url serves /healthz. */
export function forkProductWorker(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return forkServer(path.join(distRoot, 'worker.js'), productionEnv(databaseUrl, { WORKER_PORT: '0', ...env }));
}

function productionEnv(databaseUrl: string, env: Record<string, string>): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    JWT_SECRET: BENCH_JWT_SECRET,
    LOG_LEVEL: 'silent',
    // As `npm start` and the Docker image run it.
    MALLOC_ARENA_MAX: '2',
    MALLOC_MMAP_THRESHOLD_: '131072',
    ...env,
  };
}

/**
 * Node's fetch, kept from before any benchmark drives a model engine inline: the engine replaces
 * the global fetch with a reader of local files (its models must never come from the network).
 */
export const httpFetch: typeof fetch = globalThis.fetch;

/** Registers an account on the product and returns its session cookie (`name=value`). */
export async function registerBenchUser(productUrl: string, email: string, password = 'bench password'): Promise<string> {
  const registered = await httpFetch(`${productUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation R($i: RegisterInput!) { register(input: $i) { id } }',
      variables: { i: { firstName: 'Bench', lastName: 'Mark', email, password, acceptTerms: true, confirmAge16: true } },
    }),
  });
  const cookie = registered.headers.getSetCookie()[0];
  if (!cookie) throw new Error(`registration failed: ${await registered.text()}`);
  return cookie.split(';')[0];
}
