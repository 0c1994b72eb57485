import 'reflect-metadata';
import { startApp } from './app';
import { loadConfig } from './core/config';
import { createLogger } from './core/logger';
import { createDataSource } from './app';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import { runMigrations } from './db/migrate';

async function main() {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  let databaseUrl = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!databaseUrl) {
    logger.info({ dataDir: config.dataDir }, 'DATABASE_URL is unset: starting the embedded PostgreSQL');
    const embedded = await startEmbeddedPostgres(config.dataDir);
    databaseUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const dataSource = await createDataSource(databaseUrl).initialize();
  const applied = await runMigrations(dataSource);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const app = await startApp({ config, dataSource, logger });
  if (config.adminEmail && (await app.services.users.promoteByEmail(config.adminEmail))) {
    logger.info({ email: config.adminEmail }, 'ADMIN_EMAIL promoted to administrator');
  }
  logger.info(`VisionGate is running at ${app.url} (GraphQL at ${app.url}/graphql)`);
  console.log(`\n  VisionGate: ${app.url}   GraphQL: ${app.url}/graphql\n`);
  if (process.env.BENCH_ANNOUNCE) console.log(`LISTENING ${app.url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    await dataSource.destroy();
    await stopEmbedded?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error('VisionGate failed to start:', error);
  process.exit(1);
});
