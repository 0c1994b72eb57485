import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import { accessLogObserver } from './access-log.observer';
import { AccessLogService } from './access-log.service';
import { CreateAccessLogs1764000003200 } from './migrations/1764000003200-CreateAccessLogs';

export { AccessLogService } from './access-log.service';

export const accessLogsModule = defineModule({
  name: 'access-logs',
  purpose: 'Web server logs of every request (no bodies, no query strings), written in batches, kept 90 days',
  migrations: [CreateAccessLogs1764000003200],
  services: ({ dataSource, clock, logger }: Pick<Platform, 'dataSource' | 'clock' | 'logger'>) => ({ accessLogs: new AccessLogService(dataSource, clock, logger) }),
  requestObservers: [accessLogObserver],
});
