import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import { RateLimitService } from './rate-limit.service';

export { PaidCallRateLimit, SignupRateLimit } from './rate-limit.middleware';
export type { RateLimitedContext } from './rate-limit.middleware';
export { RateLimitService } from './rate-limit.service';

export const rateLimitsModule = defineModule({
  name: 'rate-limits',
  purpose: 'Request budgets per token, user, IP and e-mail, in memory or shared through Redis',
  services: ({ config }: Pick<Platform, 'config'>) => ({
    rateLimits: new RateLimitService(config.rateLimits, { redisUrl: config.redisUrl, keyPrefix: config.rateLimitPrefix }),
  }),
});
