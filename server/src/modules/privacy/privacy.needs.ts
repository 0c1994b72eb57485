import type { Platform } from '../../core/module';
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
import type { ConsentLogService } from './consent-log.service';
import type { DataRightsService } from './data-rights.service';

/** The collaborators of the privacy module: an export and an erasure reach into every module holding personal data. */
export type PrivacyNeeds = Pick<Platform, 'dataSource' | 'clock' | 'logger' | 'events'> & {
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

/** The needs and the module's own records (consent log, data-rights requests), as its services take them. */
export type PrivacyDeps = PrivacyNeeds & { consents: ConsentLogService; requests: DataRightsService };
