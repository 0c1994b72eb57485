import 'reflect-metadata';
import { startWorker } from './app';
import { loadConfig } from './core/config';
import { createLogger } from './core/logger';
import { lowerProcessPriority } from './core/thread-priority';
import { announceForHarness, flushLogs, openMigratedDatabase, runProcess, stopOnSignal } from './process-start';

/** `npm run worker`: a process that only runs jobs, on the API's database (see app/worker.ts). */
runProcess(async () => {
  const config = loadConfig();
  // Before any thread pool starts: they all inherit the main thread's priority.
  lowerProcessPriority(config.workers.nice);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  // The embedded PostgreSQL belongs to `npm start`; a worker started without the shared
  // database would run jobs nobody submitted.
  if (!config.databaseUrl) throw new Error("DATABASE_URL is required: a worker runs the jobs of the API's database (npm start runs jobs itself)");
  const dataSource = await openMigratedDatabase(config.databaseUrl, logger);

  const worker = await startWorker({ config, dataSource, logger });
  logger.info(`VisionGate worker is running (${config.workers.jobConcurrency} jobs at once; health at ${worker.url}/healthz)`);
  await flushLogs(logger);
  announceForHarness(logger, worker.url);

  stopOnSignal({ logger, timeoutMs: config.shutdownTimeoutMs, dataSource, close: () => worker.close() });
});
