import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { AuthService } from '../auth';
import type { UsersService } from '../users';
import { CreateStoredResults1764000003600 } from './migrations/1764000003600-CreateStoredResults';
import { StoredResult } from './stored-result.entity';
import { StoredResultsResolver } from './stored-results.resolver';
import { installStoredResultRoutes } from './stored-results.routes';
import { StoredResultsService } from './stored-results.service';

export { ResultsCipher } from './results-cipher';
export type { Sealed } from './results-cipher';
export { ORIGINAL_RETENTION_DAYS, OUTPUT_RETENTION_DAYS, StoredResultsService } from './stored-results.service';

type StoredResultsNeeds = Pick<Platform, 'config' | 'dataSource' | 'clock' | 'logger'> & { auth: AuthService; users: UsersService };

export const storedResultsModule = defineModule({
  name: 'stored-results',
  purpose: 'Opt-in encrypted store of originals and outputs (STORE_RESULTS=true), purged by plan',
  entities: [StoredResult],
  migrations: [CreateStoredResults1764000003600],
  services: ({ config, dataSource, clock, logger }: StoredResultsNeeds) => ({ storedResults: new StoredResultsService(config.storedResults, dataSource, clock, logger) }),
  resolvers: [StoredResultsResolver],
  httpRoutes: [installStoredResultRoutes],
});
