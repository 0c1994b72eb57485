import { defineModule } from '../../core/module';
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
import type { PrivacyNeeds } from './privacy.needs';
import { PrivacyService } from './privacy.service';

export { DataRightsRequest, DataRightsRequestStatus } from './data-rights-request.entity';
export { ResolveDataRightsRequestInput } from './privacy.inputs';
export { DataRightsRequestPage } from './privacy.resolver';
export { PrivacyService } from './privacy.service';

export const privacyModule = defineModule({
  name: 'privacy',
  purpose: 'Data rights: export, erasure, restriction, objection, and the consent log',
  entities: [ConsentLogEntry, DataRightsRequest],
  migrations: [CreatePrivacyRecords1764000003300],
  services: (s: PrivacyNeeds) => {
    const consents = new ConsentLogService(s.dataSource, s.clock);
    const requests = new DataRightsService(s.dataSource, s.clock);
    const deps = { ...s, consents, requests };
    const exporter = new DataExportService(deps);
    const deletion = new AccountDeletionService(deps);
    return { privacy: new PrivacyService(s.dataSource, s.clock, s.users, consents, requests, exporter, deletion) };
  },
  resolvers: [PrivacyResolver],
  httpRoutes: [installPrivacyRoutes],
  initializers: [registerPrivacyListeners],
});
