import 'reflect-metadata';
import { startApp } from './app';
import { loadConfig } from './core/config';
import { listenBanner } from './core/listen-banner';
import { createLogger } from './core/logger';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import { announceForHarness, flushLogs, openMigratedDatabase, runProcess, stopOnSignal } from './process-start';

/** `npm start`: the API process (GraphQL, routes, and unless VISION_WORKERS=0 the job loop). */
runProcess(async () => {
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
  const dataSource = await openMigratedDatabase(databaseUrl, logger);

  const app = await startApp({ config, dataSource, logger });
  if (config.adminEmail && (await app.services.users.promoteByEmail(config.adminEmail))) {
    logger.info('ADMIN_EMAIL promoted to administrator'); // the address itself stays out of the log
  }
  logger.info(`VisionGate is running at ${app.url} (GraphQL at ${app.url}/graphql)`);
  await flushLogs(logger);
  console.log(listenBanner(app.httpServer.address(), config.publicUrl));
  announceForHarness(logger, app.url);

  const afterPool = stopEmbedded
    ? async () => {
        await stopEmbedded();
        logger.info('shutdown: embedded PostgreSQL stopped');
      }
    : undefined;
  stopOnSignal({ logger, timeoutMs: config.shutdownTimeoutMs, dataSource, close: () => app.close(), afterPool });
});
