import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { AuthService } from '../auth';
import { ApiToken } from './api-token.entity';
import { useApiTokensForBearerAuth } from './api-tokens.init';
import { ApiTokensResolver } from './api-tokens.resolver';
import { ApiTokensService } from './api-tokens.service';
import { CreateApiTokens1764000001000 } from './migrations/1764000001000-CreateApiTokens';
import { IndexUsableApiTokens1764000005100 } from './migrations/1764000005100-IndexUsableApiTokens';

export { ApiToken } from './api-token.entity';
export { ApiTokensService, reserveSpendSql } from './api-tokens.service';

export const apiTokensModule = defineModule({
  name: 'api-tokens',
  purpose: 'API tokens for machine callers: secrets shown once, spend limits, rotation, bearer authentication',
  entities: [ApiToken],
  migrations: [CreateApiTokens1764000001000, IndexUsableApiTokens1764000005100],
  services: ({ dataSource, clock, events, logger }: Pick<Platform, 'dataSource' | 'clock' | 'events' | 'logger'> & { auth: AuthService }) => ({ apiTokens: new ApiTokensService(dataSource, clock, events, logger) }),
  resolvers: [ApiTokensResolver],
  initializers: [useApiTokensForBearerAuth],
});
