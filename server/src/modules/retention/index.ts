import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { AccessLogService } from '../access-logs';
import type { SessionService } from '../auth';
import type { BillingService } from '../billing';
import type { MeteringService } from '../metering';
import type { NotificationService } from '../notifications';
import type { StoredResultsService } from '../stored-results';
import { CreateRetentionRuns1764000003500 } from './migrations/1764000003500-CreateRetentionRuns';
import { startRetentionScheduler } from './retention.module';
import { RetentionService } from './retention.service';

export { RETENTION } from './retention-policy';
export { RetentionService } from './retention.service';

type RetentionNeeds = Pick<Platform, 'config' | 'dataSource' | 'clock' | 'logger'> & {
  accessLogs: AccessLogService;
  sessions: SessionService;
  billing: BillingService;
  metering: MeteringService;
  storedResults: StoredResultsService;
  notifications: NotificationService;
};

export const retentionModule = defineModule({
  name: 'retention',
  purpose: 'The one retention scheduler: purges by the privacy policy’s periods, one process at a time',
  migrations: [CreateRetentionRuns1764000003500],
  services: (s: RetentionNeeds) => ({
    retention: new RetentionService(s.config.retentionIntervalMs, s.dataSource, s.clock, s.logger, s.accessLogs, s.sessions, s.billing, s.metering, s.storedResults, s.notifications),
  }),
  initializers: [startRetentionScheduler],
});
