import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RunningApp, RunningWorker, startApp, startWorker } from '../app';
import { Clock, MovableClock } from '../core/clock';
import { Config, loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { createDataSource } from '../app';
import { withDatabase } from './global-setup';
import { useStarted } from './lifecycle';

export interface TestServer {
  url: string;
  database: string;
  app: RunningApp;
  dataSource: DataSource;
  clock: MovableClock;
  config: Config;
  client(): GraphQLTestClient;
  close(): Promise<void>;
}

function testEnv(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    JWT_SECRET: 'test-jwt-secret-0123456789',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'vg-data-')),
    HOST: '127.0.0.1',
    PORT: '0',
  };
}

/** Clones a fresh database from the migrated template and starts the real server on a random port. */
export async function startTestServer(
  options: {
    env?: Record<string, string>;
    config?: Partial<Config>;
    clock?: Clock;
    /** Run a second app on the first one's database (two replicas); it does not drop it. */
    shareDatabaseWith?: TestServer;
    /** Rewrites the app's database URL (e.g. to go through a proxy that simulates outages). */
    databaseUrl?: (url: string) => string;
  } = {},
): Promise<TestServer> {
  const adminUrl = process.env.VG_TEST_ADMIN_URL!;
  const ownsDatabase = !options.shareDatabaseWith;
  const database = options.shareDatabaseWith?.database ?? `vg_t_${randomBytes(6).toString('hex')}`;
  if (ownsDatabase) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${process.env.VG_TEST_TEMPLATE}`);
    await admin.end();
  }

  const config: Config = { ...loadConfig({ ...testEnv(), ...options.env }), ...options.config };
  const appDatabaseUrl = (options.databaseUrl ?? ((url) => url))(withDatabase(adminUrl, database));
  const dataSource = await createDataSource(appDatabaseUrl, { extra: { max: 30 } }).initialize();
  const clock = (options.clock as MovableClock) ?? new MovableClock();
  const app = await startApp({ config, dataSource, clock, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });

  return {
    url: app.url,
    app,
    dataSource,
    clock,
    config,
    client: () => new GraphQLTestClient(`${app.url}/graphql`),
    database,
    close: async () => {
      // A test that closed the app itself (shutdown tests) still gets its pool and database released:
      // an open pool keeps the stale-call sweep's timer firing after the file ended.
      try {
        await app.close();
      } finally {
        if (dataSource.isInitialized) await dataSource.destroy();
        if (ownsDatabase) {
          const cleanup = new Client({ connectionString: adminUrl });
          await cleanup.connect();
          await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
          await cleanup.end();
        }
      }
    },
  };
}

/** A worker process's app (runners, probes on a random port) on a test server's database. */
export async function startTestWorker(server: TestServer, env: Record<string, string> = {}): Promise<RunningWorker & { close(): Promise<{ cut: number }> }> {
  const config = loadConfig({ ...testEnv(), ...env, WORKER_PORT: '0' });
  const dataSource = await createDataSource(withDatabase(process.env.VG_TEST_ADMIN_URL!, server.database), { extra: { max: 10 } }).initialize();
  const worker = await startWorker({ config, dataSource, clock: server.clock, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });
  return {
    ...worker,
    close: async () => {
      const outcome = await worker.close();
      await dataSource.destroy();
      return outcome;
    },
  };
}

type TestServerOptions = Parameters<typeof startTestServer>[0];

/**
 * Starts a test server before the enclosing `describe`'s tests and closes it after them. The handle
 * is filled in by `beforeAll`, so use it only inside hooks and tests. Options that depend on other
 * handles (a fake provider's URL) are given as a function, called when the server starts.
 */
export function useTestServer(options: TestServerOptions | (() => TestServerOptions) = {}): TestServer {
  return useStarted(() => startTestServer(typeof options === 'function' ? options() : options));
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  headers: Headers;
}

/** Talks to the server like a browser: JSON over HTTP with a cookie jar. */
export class GraphQLTestClient {
  readonly cookies = new Map<string, string>();
  bearer: string | null = null;

  constructor(readonly endpoint: string) {}

  async request<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.authHeaders(), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    this.storeCookies(response.headers);
    const body = (await response.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
    return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
  }

  /** Fails the test when the operation returned errors. */
  async ok<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  }

  /** The error code of the first error; fails when the operation succeeded. */
  async errorCode(query: string, variables: Record<string, unknown> = {}): Promise<string> {
    const result = await this.request(query, variables);
    if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
    return result.errors[0].extensions?.code;
  }

  authHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    return headers;
  }

  storeCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (!value || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

let userCounter = 0;
export const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) { id email credits role }
}`;

/** A valid registration input with a fresh e-mail address; `overrides` replace or add fields. */
export function registrationInput<T extends Record<string, unknown>>(overrides: T = {} as T) {
  return {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `user${++userCounter}-${randomBytes(4).toString('hex')}@example.com`,
    password: 'correct horse battery',
    acceptTerms: true,
    confirmAge16: true,
    ...overrides,
  };
}

/** Registers (and so signs in) a new user on this client. */
export async function signUp(
  client: GraphQLTestClient,
  overrides: Partial<{ email: string; password: string; firstName: string; lastName: string; company: string }> = {},
) {
  const input = registrationInput(overrides);
  const data = await client.ok<{ register: { id: string; email: string; credits: number; role: string } }>(REGISTER, { input });
  return { ...data.register, password: input.password };
}

/** A client that authenticates with a new API token of `owner`'s (the token is named `name`). */
export async function tokenClient(server: TestServer, owner: GraphQLTestClient, name: string): Promise<GraphQLTestClient> {
  const { createApiToken } = await owner.ok<{ createApiToken: { secret: string } }>(
    'mutation Create($name: String!) { createApiToken(input: { name: $name }) { secret } }',
    { name },
  );
  const client = server.client();
  client.bearer = createApiToken.secret;
  return client;
}

/** Registers a user and makes them an administrator. */
export async function signUpAdmin(server: TestServer, client: GraphQLTestClient) {
  const user = await signUp(client);
  await server.app.services.users.promoteByEmail(user.email);
  return user;
}
