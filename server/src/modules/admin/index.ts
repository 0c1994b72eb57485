import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { SessionService } from '../auth';
import type { BillingService } from '../billing';
import type { ContactService } from '../contact';
import type { CreditsService } from '../credits';
import type { ConsumptionLogsService } from '../metering';
import type { PrivacyService } from '../privacy';
import type { UsersService } from '../users';
import type { FeatureCatalogueService } from '../vision';
import { AdminOperationsResolver } from './admin-operations.resolver';
import { AdminResolver } from './admin.resolver';
import { AdminService } from './admin.service';
import { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';
import { CreateAuditLog1764000003400 } from './migrations/1764000003400-CreateAuditLog';

type AdminNeeds = Pick<Platform, 'dataSource' | 'clock'> & {
  users: UsersService;
  sessions: SessionService;
  credits: CreditsService;
  contact: ContactService;
  consumptionLogs: ConsumptionLogsService;
  privacy: PrivacyService;
  billing: BillingService;
  visionFeatures: FeatureCatalogueService;
};

export const adminModule = defineModule({
  name: 'admin',
  purpose: 'Administrator operations on accounts, credits, packs, prices and requests, each one audited',
  entities: [AuditEntry],
  migrations: [CreateAuditLog1764000003400],
  services: (s: AdminNeeds) => {
    const audit = new AuditService(s.dataSource, s.clock);
    const admin = new AdminService(s.dataSource, s.clock, audit, s.users, s.sessions, s.credits, s.contact, s.privacy, s.billing, s.visionFeatures);
    return { audit, admin };
  },
  resolvers: [AdminResolver, AdminOperationsResolver],
});
