/**
 * Every feature module registers its entities, resolvers and migrations here; the DataSource,
 * the schema and the migration runner read these lists (no globbing, so bundlers and tests agree).
 */
import type { Express } from 'express';
import type { RequestObserver } from '../core/request-info';
import type { AppServices } from '../core/services';
import { accessLogObserver } from './access-logs/access-log.observer';
import { CreateAccessLogs1764000003200 } from './access-logs/migrations/1764000003200-CreateAccessLogs';
import { AdminResolver } from './admin/admin.resolver';
import { AuditEntry } from './admin/audit-entry.entity';
import { CreateAuditLog1764000003400 } from './admin/migrations/1764000003400-CreateAuditLog';
import { ApiToken } from './api-tokens/api-token.entity';
import { useApiTokensForBearerAuth } from './api-tokens/api-tokens.init';
import { ApiTokensResolver } from './api-tokens/api-tokens.resolver';
import { CreateApiTokens1764000001000 } from './api-tokens/migrations/1764000001000-CreateApiTokens';
import { IndexUsableApiTokens1764000005100 } from './api-tokens/migrations/1764000005100-IndexUsableApiTokens';
import { NotifyViewerChanges1764000005200 } from './auth/migrations/1764000005200-NotifyViewerChanges';
import { AuthResolver, SessionsResolver } from './auth/auth.resolver';
import { CreateUserSessions1764000006100 } from './auth/migrations/1764000006100-CreateUserSessions';
import { UserSession } from './auth/user-session.entity';
import { installObservabilityRoutes, metricsObserver } from './observability/observability.routes';
import { BillingResolver } from './billing/billing.resolver';
import { initializeBilling, installBillingRoutes } from './billing/billing.routes';
import { CreditPack } from './billing/credit-pack.entity';
import { CreateBilling1764000002000 } from './billing/migrations/1764000002000-CreateBilling';
import { Payment } from './billing/payment.entity';
import { StripeEvent } from './billing/stripe-event.entity';
import { ContactMessage } from './contact/contact-message.entity';
import { ContactResolver } from './contact/contact.resolver';
import { CreateContactMessages1764000003100 } from './contact/migrations/1764000003100-CreateContactMessages';
import { CreditsResolver } from './credits/credits.resolver';
import { LedgerEntry } from './credits/ledger-entry.entity';
import { CreateCreditLedger1764000000100 } from './credits/migrations/1764000000100-CreateCreditLedger';
import { OrderLedgerByCommit1764000006000 } from './credits/migrations/1764000006000-OrderLedgerByCommit';
import { ConsumptionLog } from './metering/consumption-log.entity';
import { installConsumptionLogCsvRoute } from './metering/consumption-logs.csv-route';
import { IdempotencyRecord } from './metering/idempotency-record.entity';
import { sweepStaleCalls } from './metering/metering.init';
import { MeteringResolver } from './metering/metering.resolver';
import { CreateConsumptionLogs1764000001100 } from './metering/migrations/1764000001100-CreateConsumptionLogs';
import { CreateUsageRollups1764000005000 } from './metering/migrations/1764000005000-CreateUsageRollups';
import { CreateOutbox1764000003000 } from './notifications/migrations/1764000003000-CreateOutbox';
import { registerNotificationListeners } from './notifications/notifications.module';
import { ConsentLogEntry } from './privacy/consent-log.entity';
import { DataRightsRequest } from './privacy/data-rights-request.entity';
import { CreatePrivacyRecords1764000003300 } from './privacy/migrations/1764000003300-CreatePrivacyRecords';
import { registerPrivacyListeners } from './privacy/privacy.module';
import { PrivacyResolver } from './privacy/privacy.resolver';
import { PrivacyPolicyResolver } from './privacy-promises/privacy-policy.resolver';
import { installPrivacyRoutes } from './privacy/privacy.routes';
import { CreateRetentionRuns1764000003500 } from './retention/migrations/1764000003500-CreateRetentionRuns';
import { startRetentionScheduler } from './retention/retention.module';
import { CreateStoredResults1764000003600 } from './stored-results/migrations/1764000003600-CreateStoredResults';
import { StoredResult } from './stored-results/stored-result.entity';
import { StoredResultsResolver } from './stored-results/stored-results.resolver';
import { installStoredResultRoutes } from './stored-results/stored-results.routes';
import { CreateUsers1764000000000 } from './users/migrations/1764000000000-CreateUsers';
import { User } from './users/user.entity';
import { UsersResolver } from './users/users.resolver';
import { FeaturePrice } from './vision/feature-price.entity';
import { CreateFeaturePrices1764000004000 } from './vision/migrations/1764000004000-CreateFeaturePrices';
import { VisionResolver } from './vision/vision.resolver';

export const entities = [User, LedgerEntry, ApiToken, ConsumptionLog, IdempotencyRecord, CreditPack, Payment, StripeEvent,
  ContactMessage, ConsentLogEntry, DataRightsRequest, AuditEntry, StoredResult, FeaturePrice, UserSession];

export const resolvers = [AuthResolver, SessionsResolver, UsersResolver, CreditsResolver, ApiTokensResolver, MeteringResolver, BillingResolver,
  ContactResolver, PrivacyResolver, AdminResolver, StoredResultsResolver, VisionResolver, PrivacyPolicyResolver] as const;

export const migrations = [CreateUsers1764000000000, CreateCreditLedger1764000000100, CreateApiTokens1764000001000, CreateConsumptionLogs1764000001100, CreateBilling1764000002000,
  CreateOutbox1764000003000, CreateContactMessages1764000003100, CreateAccessLogs1764000003200, CreatePrivacyRecords1764000003300,
  CreateAuditLog1764000003400, CreateRetentionRuns1764000003500, CreateStoredResults1764000003600, CreateFeaturePrices1764000004000,
  CreateUsageRollups1764000005000, IndexUsableApiTokens1764000005100, NotifyViewerChanges1764000005200,
  OrderLedgerByCommit1764000006000, CreateUserSessions1764000006100];

/**
 * Plain HTTP routes of modules (webhooks, downloads), installed before the GraphQL route.
 * Each installer mounts its own paths and body parsers.
 */
export const httpRoutes: Array<(app: Express, services: AppServices) => void> = [installObservabilityRoutes, installConsumptionLogCsvRoute, installBillingRoutes,
  installPrivacyRoutes, installStoredResultRoutes];

/** Observers of every HTTP request (GraphQL included): access log, metrics. */
export const requestObservers: Array<(services: AppServices) => RequestObserver> = [metricsObserver, accessLogObserver];

/** Called once per app after services are built: modules subscribe to events, wire hooks. */
export const moduleInitializers: Array<(services: AppServices) => void> = [useApiTokensForBearerAuth, sweepStaleCalls, initializeBilling,
  registerNotificationListeners, registerPrivacyListeners, startRetentionScheduler];
