import 'reflect-metadata';
import { openDataSource, startWorker } from './app';
import { loadConfig } from './core/config';
import { installShutdown, startupFailureLine } from './core/lifecycle';
import { createLogger, logsWritten } from './core/logger';
import { runMigrations } from './db/migrate';

/** `npm run worker`: a process that only runs jobs, on the API's database (see app/worker.ts). */
async function main() {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  // The embedded PostgreSQL belongs to `npm start`; a worker started without the shared
  // database would run jobs nobody submitted.
  if (!config.databaseUrl) throw new Error("DATABASE_URL is required: a worker runs the jobs of the API's database (npm start runs jobs itself)");
  const dataSource = await openDataSource(config.databaseUrl);
  const applied = await runMigrations(dataSource);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const worker = await startWorker({ config, dataSource, logger });
  logger.info(`VisionGate worker is running (${config.workers.jobConcurrency} jobs at once; health at ${worker.url}/healthz)`);
  await logsWritten(logger);
  if (process.env.BENCH_ANNOUNCE) console.log(`LISTENING ${worker.url}`);

  installShutdown({
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    stop: async () => {
      const outcome = await worker.close();
      await dataSource.destroy();
      logger.info('shutdown: database pool closed');
      return outcome;
    },
  });
}

main().catch((error) => {
  console.error(startupFailureLine(error));
  process.exit(1);
});
