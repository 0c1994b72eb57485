import type { Platform } from '../../core/module';
import type { MeteringService } from './metering.service';

const SWEEP_EVERY_MS = 60_000;

/**
 * Refunds calls a crash left PENDING (older than STALE_CALL_REFUND_MINUTES) once a minute, in
 * every process: the sweep claims rows with SKIP LOCKED, so processes never refund twice.
 * Expired idempotency keys are purged by the retention scheduler. The timer is unref'd so it
 * never keeps a process alive, and it stops once the pool is closed.
 */
export function sweepStaleCalls(services: Pick<Platform, 'dataSource' | 'logger'> & { metering: MeteringService }): void {
  const timer: NodeJS.Timeout = setInterval(() => {
    if (!services.dataSource.isInitialized) {
      clearInterval(timer);
      return;
    }
    services.metering
      .refundStalePending()
      .then((refunded) => {
        if (refunded > 0) services.logger.warn({ refunded }, 'refunded calls left pending by a crash');
      })
      .catch((error) => services.logger.warn({ err: error }, 'could not sweep stale pending calls'));
  }, SWEEP_EVERY_MS);
  timer.unref();
}
