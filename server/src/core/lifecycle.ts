import type { Logger } from './logger';

/**
 * Exit codes of the server process (README, "Stopping"):
 * - 0: stopped cleanly after SIGTERM/SIGINT, every in-flight request answered;
 * - 1: failed to start, or a shutdown that had to cut requests at SHUTDOWN_TIMEOUT_MS, failed
 *   a step, or overran its deadline;
 * - 128 + signal number (130 SIGINT, 143 SIGTERM): a second signal during shutdown, exit at once.
 */
export const EXIT_FAILURE = 1;
const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
/** Time the closing steps (workers, log flush, connections) get after the HTTP drain. */
export const CLOSE_GRACE_MS = 5_000;

export interface ShutdownOptions {
  logger: Logger;
  /** SHUTDOWN_TIMEOUT_MS: the HTTP drain's limit; the whole shutdown gets CLOSE_GRACE_MS more. */
  timeoutMs: number;
  /** Drains and releases everything; answers whether requests had to be cut. */
  stop(): Promise<{ cut: number }>;
  exit?: (code: number) => void;
}

/** SIGTERM and SIGINT run `stop` once, then exit; a second signal or the deadline exits at once. */
export function installShutdown({ logger, timeoutMs, stop, exit = exitAfterLogs(logger) }: ShutdownOptions): void {
  let stopping = false;
  const onSignal = (signal: keyof typeof SIGNAL_NUMBERS) => {
    if (stopping) {
      logger.warn({ signal }, 'shutdown: second signal, exiting without waiting');
      return exit(128 + SIGNAL_NUMBERS[signal]);
    }
    stopping = true;
    logger.info({ signal, timeoutMs }, 'shutdown: refusing new requests, letting in-flight ones finish');
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs: timeoutMs + CLOSE_GRACE_MS }, 'shutdown: deadline passed, exiting');
      exit(EXIT_FAILURE);
    }, timeoutMs + CLOSE_GRACE_MS);
    deadline.unref();
    stop().then(
      ({ cut }) => {
        logger.info({ exitCode: cut ? EXIT_FAILURE : 0 }, 'shutdown: complete');
        exit(cut ? EXIT_FAILURE : 0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown: a step failed');
        exit(EXIT_FAILURE);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

/** pino writes asynchronously: an exit while a line is being written would put it after later ones. */
function exitAfterLogs(logger: Logger): (code: number) => void {
  return (code) => logger.flush(() => process.exit(code));
}

/**
 * A start-up failure as one line for stderr: the reason, never a stack trace (bad settings, a
 * taken port and an unreachable database are the operator's to fix, not bugs).
 */
export function startupFailureLine(error: unknown): string {
  const reason = error instanceof Error ? error.message || error.name : String(error);
  return `VisionGate failed to start: ${reason.replace(/\s+/g, ' ').trim()}`;
}
