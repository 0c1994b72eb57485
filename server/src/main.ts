import 'reflect-metadata';
import { openDataSource, startApp } from './app';
import { loadConfig } from './core/config';
import { installShutdown, startupFailureLine } from './core/lifecycle';
import { listenBanner } from './core/listen-banner';
import { createLogger, logsWritten } from './core/logger';
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
  const dataSource = await openDataSource(databaseUrl);
  const applied = await runMigrations(dataSource);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const app = await startApp({ config, dataSource, logger });
  if (config.adminEmail && (await app.services.users.promoteByEmail(config.adminEmail))) {
    logger.info('ADMIN_EMAIL promoted to administrator'); // the address itself stays out of the log
  }
  logger.info(`VisionGate is running at ${app.url} (GraphQL at ${app.url}/graphql)`);
  // pino writes asynchronously: the start-up lines go out before the server is announced, so no
  // request's line can come before them.
  await logsWritten(logger);
  console.log(listenBanner(app.httpServer.address(), config.publicUrl));
  if (process.env.BENCH_ANNOUNCE) console.log(`LISTENING ${app.url}`);

  installShutdown({
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    stop: async () => {
      const outcome = await app.close();
      await dataSource.destroy();
      logger.info('shutdown: database pool closed');
      if (stopEmbedded) {
        await stopEmbedded();
        logger.info('shutdown: embedded PostgreSQL stopped');
      }
      return outcome;
    },
  });
}

main().catch((error) => {
  console.error(startupFailureLine(error));
  process.exit(1);
});
