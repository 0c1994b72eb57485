import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { ApiTokensService } from '../api-tokens';
import type { AuthService } from '../auth';
import type { CreditsService } from '../credits';
import { ConsumptionLog } from './consumption-log.entity';
import { installConsumptionLogCsvRoute } from './consumption-logs.csv-route';
import { ConsumptionLogsService } from './consumption-logs.service';
import { IdempotencyRecord } from './idempotency-record.entity';
import { sweepStaleCalls } from './metering.init';
import { MeteringResolver } from './metering.resolver';
import { MeteringService } from './metering.service';
import { CreateConsumptionLogs1764000001100 } from './migrations/1764000001100-CreateConsumptionLogs';
import { CreateUsageRollups1764000005000 } from './migrations/1764000005000-CreateUsageRollups';
import { UsageAnalyticsService } from './usage-analytics.service';

export { ConsumptionLogsService } from './consumption-logs.service';
export { MeteringService } from './metering.service';
export { ConsumptionLogView } from './metering.types';

type MeteringNeeds = Pick<Platform, 'config' | 'dataSource' | 'clock' | 'events' | 'logger'> & {
  credits: CreditsService;
  apiTokens: ApiTokensService;
  auth: AuthService;
};

export const meteringModule = defineModule({
  name: 'metering',
  purpose: 'The one spending path of paid calls: reserve, charge or refund, idempotency keys, consumption log and usage analytics',
  entities: [ConsumptionLog, IdempotencyRecord],
  migrations: [CreateConsumptionLogs1764000001100, CreateUsageRollups1764000005000],
  services: ({ config, dataSource, credits, apiTokens, clock, events }: MeteringNeeds) => ({
    metering: new MeteringService(dataSource, credits, apiTokens, clock, events, { staleCallRefundMs: config.staleCallRefundMinutes * 60_000 }),
    consumptionLogs: new ConsumptionLogsService(dataSource),
    usageAnalytics: new UsageAnalyticsService(dataSource),
  }),
  resolvers: [MeteringResolver],
  httpRoutes: [installConsumptionLogCsvRoute],
  initializers: [sweepStaleCalls],
});
