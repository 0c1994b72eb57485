import pino from 'pino';
import type { DataSource } from 'typeorm';
import { openDataSource } from './app';
import { installShutdown, startupFailureLine } from './core/lifecycle';
import { type Logger, logsWritten } from './core/logger';
import { runMigrations } from './db/migrate';

/** What the API process (main.ts) and the worker process (worker.ts) do alike at start and at stop. */

/** Opens the pool and applies the migrations still missing (every process kind may be the first up). */
export async function openMigratedDatabase(databaseUrl: string, logger: Logger): Promise<DataSource> {
  const dataSource = await openDataSource(databaseUrl);
  const applied = await runMigrations(dataSource);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  return dataSource;
}

/**
 * pino writes asynchronously: flushing before the process announces itself keeps every start-up
 * line ahead of the first request's.
 */
export function flushLogs(logger: Logger): Promise<void> {
  return logsWritten(logger);
}

/**
 * For the test and benchmark harnesses (BENCH_ANNOUNCE): the `LISTENING <url>` line they wait for.
 * It goes through the logger's own stream, so it cannot overtake a start-up line still being
 * written (a flush does not wait for a write already under way).
 */
export function announceForHarness(logger: Logger, url: string): void {
  if (!process.env.BENCH_ANNOUNCE) return;
  const stream = (logger as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym];
  stream.write(`LISTENING ${url}\n`);
}

/**
 * At SIGTERM or SIGINT: `close` drains the process (HTTP, runners), then the pool closes, then
 * `afterPool` runs (the embedded PostgreSQL stops).
 */
export function stopOnSignal(options: {
  logger: Logger;
  timeoutMs: number;
  dataSource: DataSource;
  close: () => Promise<{ cut: number }>;
  afterPool?: () => Promise<void>;
}): void {
  const { logger, timeoutMs, dataSource, close, afterPool } = options;
  installShutdown({
    logger,
    timeoutMs,
    stop: async () => {
      const outcome = await close();
      await dataSource.destroy();
      logger.info('shutdown: database pool closed');
      await afterPool?.();
      return outcome;
    },
  });
}

/** Runs a process's start; a failure prints one line (no stack, no secrets) and exits with 1. */
export function runProcess(start: () => Promise<void>): void {
  start().catch((error) => {
    console.error(startupFailureLine(error));
    process.exit(1);
  });
}
