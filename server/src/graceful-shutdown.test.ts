import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { ServerProcess, forkServer } from './bench/harness';
import { withDatabase } from './test/global-setup';
import { GraphQLTestClient, signUp } from './test/harness';
import { QUEUE_SHUTDOWN_STEPS } from './test/processes';
import { fixtureImage } from './modules/vision/testing/fixtures';
import { FakeServer, sendJson, startFakeServer } from './modules/vision/testing/http-fixture-server';
import { analyzeUpload } from './modules/vision/testing/vision-api';

/**
 * SIGTERM as Docker, systemd or an orchestrator sends it, to the real server (`src/main.ts`) in
 * production mode on its own database: the process answers new requests 503, lets in-flight ones
 * (a paid call included) finish, closes workers, logs and every database connection, and exits.
 */
const adminUrl = () => process.env.VG_TEST_ADMIN_URL!;

interface ProductionServer extends ServerProcess {
  database: string;
  applicationName: string;
  /** JSON log lines written since start-up. */
  logs(): Array<Record<string, any>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  drop(): Promise<void>;
}

async function adminQuery(sql: string, params: unknown[] = []) {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    return (await admin.query(sql, params)).rows;
  } finally {
    await admin.end();
  }
}

async function startProductionServer(env: Record<string, string> = {}): Promise<ProductionServer> {
  const database = `vg_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${database} TEMPLATE ${process.env.VG_TEST_TEMPLATE}`);
  // Names this process's connections in pg_stat_activity.
  const applicationName = `vg-shutdown-${randomBytes(4).toString('hex')}`;
  const server = await forkServer(
    path.join(__dirname, 'main.ts'),
    {
      NODE_ENV: 'production',
      DATABASE_URL: `${withDatabase(adminUrl(), database)}?application_name=${applicationName}`,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    { execArgv: ['-r', path.join(__dirname, 'test', 'register-swc.js')] },
  );
  let output = '';
  server.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    server.child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    ...server,
    database,
    applicationName,
    exited,
    logs: () => output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)),
    drop: async () => {
      await server.stop();
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

/** Connections the server process holds open to PostgreSQL (pool and LISTEN client). */
async function connectionsOf(server: ProductionServer): Promise<number> {
  const [{ n }] = await adminQuery('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [server.applicationName]);
  return n;
}

async function untilLogged(server: ProductionServer, message: string): Promise<void> {
  while (!server.logs().some((line) => line.msg === message)) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A request on a kept-alive connection of `agent` (opened before the signal). */
function requestOn(agent: http.Agent, url: string, options: { method?: string; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }>((resolve, reject) => {
    const request = http.request(url, { agent, method: options.method ?? 'GET', headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

const DRAINED = 'shutdown: HTTP drained, in-flight requests finished';
const SHUTDOWN_STEPS = [
  'shutdown: refusing new requests, letting in-flight ones finish',
  // The app's first step: subscribers learn at once that this instance goes, and reconnect elsewhere.
  'shutdown: live sockets closed (1001 going away)',
  DRAINED,
  // Runners stop last-started first, and before the listeners settle: a job event still arriving is written for the next process.
  'shutdown: background runner jobs stopped',
  'shutdown: background runner webhook-deliveries stopped',
  ...QUEUE_SHUTDOWN_STEPS,
  'shutdown: viewer cache LISTEN connection closed',
  'shutdown: session cache LISTEN connection closed',
  'shutdown: database pool closed',
  'shutdown: complete',
];

describe('SIGTERM in production', () => {
  it('stops an idle server: each step logged, every database connection closed, exit 0', async () => {
    const server = await startProductionServer();
    try {
      expect(await connectionsOf(server)).toBeGreaterThan(0); // at least the LISTEN client
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      const messages = server.logs().map((line) => line.msg).filter((msg: string) => msg.startsWith('shutdown:'));
      expect(messages).toEqual(SHUTDOWN_STEPS);
      expect(server.logs().find((line) => line.msg === DRAINED)).toMatchObject({ inFlight: 0 });
      expect(await connectionsOf(server)).toBe(0);
    } finally {
      await server.drop();
    }
  });

  describe('with a paid call in flight', () => {
    let provider: FakeServer;
    let release: () => void;
    /** Resolves once the provider holds `count` calls. */
    let providerHolds: (count: number) => Promise<void>;

    beforeEach(async () => {
      let held = 0;
      providerHolds = async (count) => {
        while (held < count) await new Promise((resolve) => setTimeout(resolve, 20));
      };
      const released = new Promise<void>((resolve) => (release = resolve));
      provider = await startFakeServer(async (_request, response) => {
        held++;
        await released;
        sendJson(response, 200, [{ label: 'astronaut', score: 93 }]);
      });
    });
    afterEach(() => provider.close());

    const providerEnv = () => ({
      SENTISIGHT_TOKEN: 'token',
      SENTISIGHT_API_BASE: provider.url,
      VISION_PROVIDERS: 'GENERAL_CLASSIFICATION=sentisight',
    });

    it('finishes the calls in flight and charges each once, answers 503 on open connections and refuses new ones, then exits 0', async () => {
      const server = await startProductionServer(providerEnv());
      const express = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const graphql = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const db = new Client({ connectionString: withDatabase(adminUrl(), server.database) });
      try {
        const client = new GraphQLTestClient(`${server.url}/graphql`);
        const user = await signUp(client);
        // Two kept-alive connections, idle when the signal comes.
        expect((await requestOn(express, `${server.url}/healthz`)).status).toBe(200);
        expect((await requestOn(graphql, `${server.url}/graphql`, { method: 'POST', body: '{"query":"{ __typename }"}' })).status).toBe(200);

        const calls = Array.from({ length: 3 }, () => analyzeUpload(client, 'GENERAL_CLASSIFICATION', fixtureImage('astronaut.png')));
        await providerHolds(3);
        server.child.kill('SIGTERM');
        await untilLogged(server, SHUTDOWN_STEPS[0]);

        for (const [agent, url, method, body] of [
          [express, `${server.url}/healthz`, 'GET', undefined],
          [graphql, `${server.url}/graphql`, 'POST', '{"query":"{ __typename }"}'],
        ] as const) {
          const refused = await requestOn(agent, url, { method, body });
          expect(refused.status).toBe(503);
          expect(refused.headers).toMatchObject({ connection: 'close', 'retry-after': '5', 'content-type': 'application/json; charset=utf-8' });
          expect(refused.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: 5 });
          expect(refused.body.errors[0].extensions.requestId).toBe(refused.headers['x-request-id']);
        }
        // New connections: nobody listens any more (a load balancer tries another instance).
        await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
        expect(server.child.exitCode).toBeNull();

        release();
        const responses = await Promise.all(calls);
        for (const response of responses) {
          expect(response.status).toBe(200);
          expect(response.errors).toBeUndefined();
          expect(response.data?.analyzeImage.labels[0].label).toBe('astronaut');
        }
        expect(await server.exited).toEqual({ code: 0, signal: null });
        expect(server.logs().find((line) => line.msg === DRAINED)).toMatchObject({ inFlight: 3 });
        expect(await connectionsOf(server)).toBe(0);

        await db.connect();
        const { rows: logs } = await db.query('SELECT status FROM consumption_logs WHERE user_id = $1', [user.id]);
        expect(logs).toEqual(Array(3).fill({ status: 'SUCCEEDED' }));
        const { rows: [{ credits }] } = await db.query('SELECT credits FROM users WHERE id = $1', [user.id]);
        const { rows: [{ sum }] } = await db.query('SELECT sum(delta)::int AS sum FROM credit_ledger WHERE user_id = $1', [user.id]);
        expect(credits).toBe(sum);
        const charged = responses.reduce((total, response) => total + response.data?.analyzeImage.creditsCharged, 0);
        expect(charged).toBeGreaterThan(0);
        expect(credits).toBe(user.credits - charged);
        // The access log was flushed before exit, the refused requests included.
        const { rows: access } = await db.query(`SELECT status FROM access_logs WHERE status = 503`);
        expect(access.length).toBeGreaterThanOrEqual(2);
      } finally {
        release();
        express.destroy();
        graphql.destroy();
        await db.end().catch(() => undefined);
        await server.drop();
      }
    });

    it('cuts what still runs at SHUTDOWN_TIMEOUT_MS and exits 1', async () => {
      const server = await startProductionServer({ ...providerEnv(), SHUTDOWN_TIMEOUT_MS: '300' });
      try {
        const client = new GraphQLTestClient(`${server.url}/graphql`);
        await signUp(client);
        const call = analyzeUpload(client, 'GENERAL_CLASSIFICATION', fixtureImage('astronaut.png'));
        await providerHolds(1);
        server.child.kill('SIGTERM');
        await expect(call).rejects.toThrow(); // its socket was closed
        expect(await server.exited).toEqual({ code: 1, signal: null });
        expect(server.logs().find((line) => /were cut/.test(line.msg))).toMatchObject({ inFlight: 1, cut: 1, timeoutMs: 300 });
        expect(await connectionsOf(server)).toBe(0);
      } finally {
        await server.drop();
      }
    });

    it('exits at once with 128 + the signal number on a second signal', async () => {
      const server = await startProductionServer(providerEnv());
      try {
        const client = new GraphQLTestClient(`${server.url}/graphql`);
        await signUp(client);
        const call = analyzeUpload(client, 'GENERAL_CLASSIFICATION', fixtureImage('astronaut.png')).catch(() => undefined);
        await providerHolds(1);
        server.child.kill('SIGINT');
        await untilLogged(server, SHUTDOWN_STEPS[0]);
        server.child.kill('SIGTERM');
        expect(await server.exited).toEqual({ code: 143, signal: null });
        await call;
      } finally {
        await server.drop();
      }
    });
  });
});
