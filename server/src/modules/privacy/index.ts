import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { AccessLogService } from '../access-logs';
import type { ApiTokensService } from '../api-tokens';
import type { AuthService, SessionService } from '../auth';
import type { BillingService } from '../billing';
import type { ContactService } from '../contact';
import type { CreditsService } from '../credits';
import type { ConsumptionLogsService } from '../metering';
import type { NotificationService } from '../notifications';
import type { StoredResultsService } from '../stored-results';
import type { UsersService } from '../users';
import type { WebhookDeliveriesService, WebhookEndpointsService } from '../webhooks';
import { AccountDeletionService } from './account-deletion.service';
import { ConsentLogEntry } from './consent-log.entity';
import { ConsentLogService } from './consent-log.service';
import { DataExportService } from './data-export.service';
import { DataRightsRequest } from './data-rights-request.entity';
import { DataRightsService } from './data-rights.service';
import { CreatePrivacyRecords1764000003300 } from './migrations/1764000003300-CreatePrivacyRecords';
import { registerPrivacyListeners } from './privacy.module';
import { PrivacyResolver } from './privacy.resolver';
import { installPrivacyRoutes } from './privacy.routes';
import { PrivacyService } from './privacy.service';

export { DataRightsRequest, DataRightsRequestStatus } from './data-rights-request.entity';
export { ResolveDataRightsRequestInput } from './privacy.inputs';
export { DataRightsRequestPage } from './privacy.resolver';
export { PrivacyService } from './privacy.service';

type PrivacyNeeds = Pick<Platform, 'dataSource' | 'clock' | 'logger' | 'events'> & {
  users: UsersService;
  auth: AuthService;
  sessions: SessionService;
  apiTokens: ApiTokensService;
  credits: CreditsService;
  billing: BillingService;
  consumptionLogs: ConsumptionLogsService;
  contact: ContactService;
  accessLogs: AccessLogService;
  notifications: NotificationService;
  storedResults: StoredResultsService;
  webhookEndpoints: WebhookEndpointsService;
  webhookDeliveries: WebhookDeliveriesService;
};

export const privacyModule = defineModule({
  name: 'privacy',
  purpose: 'Data rights: export, erasure, restriction, objection, and the consent log',
  entities: [ConsentLogEntry, DataRightsRequest],
  migrations: [CreatePrivacyRecords1764000003300],
  services: (s: PrivacyNeeds) => {
    const consents = new ConsentLogService(s.dataSource, s.clock);
    const requests = new DataRightsService(s.dataSource, s.clock);
    const exporter = new DataExportService(s.clock, s.users, s.sessions, consents, requests, s.apiTokens, s.credits, s.billing, s.consumptionLogs, s.contact, s.accessLogs, s.notifications, s.storedResults, s.webhookEndpoints, s.webhookDeliveries);
    const deletion = new AccountDeletionService(s.dataSource, s.clock, s.logger, s.events, s.auth, s.sessions, s.users, s.billing, s.accessLogs, s.storedResults, s.webhookEndpoints, requests);
    return { privacy: new PrivacyService(s.dataSource, s.clock, s.users, consents, requests, exporter, deletion) };
  },
  resolvers: [PrivacyResolver],
  httpRoutes: [installPrivacyRoutes],
  initializers: [registerPrivacyListeners],
});
