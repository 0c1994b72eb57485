import type { AppServices } from '../../core/services';

/** Starts the retention timer (RETENTION_INTERVAL_MS; 0, the default in tests, keeps it off). */
export function startRetentionScheduler(services: AppServices): void {
  services.retention.start();
}
