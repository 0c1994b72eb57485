import type { RetentionService } from './retention.service';

/** Starts the retention timer (RETENTION_INTERVAL_MS; 0, the default in tests, keeps it off). */
export function startRetentionScheduler(services: { retention: RetentionService }): void {
  services.retention.start();
}
