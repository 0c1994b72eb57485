import type { AppServices } from '../../core/services';

const PURGE_EVERY_MS = 15 * 60_000;

/**
 * Idempotency keys keep call results for 24 hours only (seed 001 §4: outputs are not kept).
 * The timer is unref'd so it never keeps a process alive, and it stops once the pool is closed.
 */
export function purgeExpiredIdempotencyKeys(services: AppServices): void {
  const timer: NodeJS.Timeout = setInterval(() => {
    if (!services.dataSource.isInitialized) {
      clearInterval(timer);
      return;
    }
    services.metering
      .purgeExpiredIdempotencyRecords()
      .catch((error) => services.logger.warn({ err: error }, 'could not purge expired idempotency keys'));
  }, PURGE_EVERY_MS);
  timer.unref();
}
