import { DataSource } from 'typeorm';
import { AccessLogService } from '../modules/access-logs/access-log.service';
import { AdminService } from '../modules/admin/admin.service';
import { AuditService } from '../modules/admin/audit.service';
import { ContactService } from '../modules/contact/contact.service';
import { NotificationService } from '../modules/notifications/notification.service';
import { PrivacyService } from '../modules/privacy/privacy.service';
import { RetentionService } from '../modules/retention/retention.service';
import { StoredResultsService } from '../modules/stored-results/stored-results.service';
import { ApiTokensService } from '../modules/api-tokens/api-tokens.service';
import { AuthService } from '../modules/auth/auth.service';
import { LoginLimiter } from '../modules/auth/login-limiter';
import { passwordHasher } from '../modules/auth/password-hasher';
import { SessionService } from '../modules/auth/session.service';
import { BillingService, createBillingService } from '../modules/billing/billing.service';
import { CreditsService } from '../modules/credits/credits.service';
import { ConsumptionLogsService } from '../modules/metering/consumption-logs.service';
import { MeteringService } from '../modules/metering/metering.service';
import { UsageAnalyticsService } from '../modules/metering/usage-analytics.service';
import { MetricsService } from '../modules/observability/metrics.service';
import { RateLimitService } from '../modules/rate-limits/rate-limit.service';
import { UsersService } from '../modules/users/users.service';
import { FeatureCatalogueService } from '../modules/vision/features.service';
import { buildVisionServices } from '../modules/vision/vision.module';
import { VisionService } from '../modules/vision/vision.service';
import { Clock, systemClock } from './clock';
import { Config } from './config';
import { EventBus } from './events';
import { Logger } from './logger';

/** Every service of one running app, built once; resolvers receive this. */
export interface AppServices {
  config: Config;
  clock: Clock;
  logger: Logger;
  dataSource: DataSource;
  events: EventBus;
  credits: CreditsService;
  users: UsersService;
  sessions: SessionService;
  auth: AuthService;
  metrics: MetricsService;
  rateLimits: RateLimitService;
  apiTokens: ApiTokensService;
  /** The one spending service every paid feature uses. */
  metering: MeteringService;
  consumptionLogs: ConsumptionLogsService;
  usageAnalytics: UsageAnalyticsService;
  billing: BillingService;
  /** Mail (SMTP or the outbox table) for every notification, checked against preferences. */
  notifications: NotificationService;
  contact: ContactService;
  accessLogs: AccessLogService;
  /** Seed 000 stored results; `save` is a no-op unless STORE_RESULTS=true. */
  storedResults: StoredResultsService;
  /** Data rights: export, erasure, restriction, consent log, requests. */
  privacy: PrivacyService;
  retention: RetentionService;
  audit: AuditService;
  admin: AdminService;
  /** Image analysis and generation: intake, charging, providers. */
  vision: VisionService;
  /** The vision feature catalogue: prices, providers, availability. */
  visionFeatures: FeatureCatalogueService;
}

/** Services added to the container after it exists (they take the container, or are assigned below). */
type LateBoundService = 'audit' | 'notifications' | 'contact' | 'accessLogs' | 'storedResults' | 'privacy' | 'retention' | 'admin' | 'vision' | 'visionFeatures';

export function buildServices(config: Config, dataSource: DataSource, logger: Logger, clock: Clock = systemClock): AppServices {
  const metrics = new MetricsService({ processMetrics: config.nodeEnv !== 'test' });
  const events = new EventBus((message, error) => logger.error({ err: error }, message));
  const credits = new CreditsService(dataSource);
  const users = new UsersService(dataSource, events);
  const sessions = new SessionService(config, dataSource, logger);
  const rateLimits = new RateLimitService(config.rateLimits, { redisUrl: config.redisUrl, keyPrefix: config.rateLimitPrefix });
  const loginLimiter = new LoginLimiter(rateLimits, config.jwtSecret);
  const auth = new AuthService(dataSource, config, credits, passwordHasher(), sessions, loginLimiter, events, logger);
  const billing = createBillingService({ config, dataSource, credits, events, logger, clock });
  const apiTokens = new ApiTokensService(dataSource, clock, events, logger);
  const metering = new MeteringService(dataSource, credits, apiTokens, clock, events, {
    staleCallRefundMs: config.staleCallRefundMinutes * 60_000,
  });
  const consumptionLogs = new ConsumptionLogsService(dataSource);
  const usageAnalytics = new UsageAnalyticsService(dataSource);
  const services = {
    config, clock, logger, dataSource, events, credits, users, sessions, auth, billing, apiTokens, metering, consumptionLogs, usageAnalytics, metrics, rateLimits,
  } satisfies Omit<AppServices, LateBoundService> as AppServices;
  // These read other modules' services through the container when called, so order does not matter.
  services.audit = new AuditService(services);
  services.notifications = new NotificationService(services);
  services.contact = new ContactService(services);
  services.accessLogs = new AccessLogService(services);
  services.storedResults = new StoredResultsService(services);
  services.privacy = new PrivacyService(services);
  services.retention = new RetentionService(services);
  services.admin = new AdminService(services);
  Object.assign(services, buildVisionServices({ config, dataSource, logger, users, metering, storedResults: () => services.storedResults }));
  return services;
}
