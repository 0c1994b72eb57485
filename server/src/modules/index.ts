/**
 * The feature modules, each one descriptor exported by its folder's index.ts. The application
 * (server/src/app) composes them in this order: a module comes after every module whose
 * services it needs, and the composition checks that by type.
 */
import { accessLogsModule } from './access-logs';
import { adminModule } from './admin';
import { apiTokensModule } from './api-tokens';
import { authModule } from './auth';
import { billingModule } from './billing';
import { contactModule } from './contact';
import { creditsModule } from './credits';
import { jobsModule } from './jobs';
import { meteringModule } from './metering';
import { notificationsModule } from './notifications';
import { observabilityModule } from './observability';
import { privacyModule } from './privacy';
import { privacyPromisesModule } from './privacy-promises';
import { rateLimitsModule } from './rate-limits';
import { retentionModule } from './retention';
import { storedResultsModule } from './stored-results';
import { usersModule } from './users';
import { visionModule } from './vision';
import { webhooksModule } from './webhooks';

export const modules = [
  observabilityModule,
  rateLimitsModule,
  usersModule,
  creditsModule,
  authModule,
  apiTokensModule,
  meteringModule,
  billingModule,
  notificationsModule,
  contactModule,
  accessLogsModule,
  storedResultsModule,
  visionModule,
  webhooksModule,
  jobsModule,
  privacyModule,
  retentionModule,
  adminModule,
  privacyPromisesModule,
] as const;
