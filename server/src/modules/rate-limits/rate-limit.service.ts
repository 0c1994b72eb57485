import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateRule, RateRules } from '../../core/config';
import { rateLimited } from '../../core/errors';

export type { RateRule, RateRules } from '../../core/config';

export type RateBucket = keyof RateRules;

/**
 * Rate limits with rate-limiter-flexible: in memory by default, in Redis when REDIS_URL is set
 * so that every server process shares the same counters.
 */
export class RateLimitService {
  private readonly limiters = new Map<RateBucket, RateLimiterAbstract>();
  private readonly redis?: Redis;

  constructor(rules: RateRules, options: { redisUrl?: string; keyPrefix?: string } = {}) {
    const { redisUrl, keyPrefix = 'vg' } = options;
    if (redisUrl) {
      this.redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
      // Errors surface through the limiter (insuranceLimiter below); keep the client from crashing the process.
      this.redis.on('error', () => undefined);
    }
    for (const [bucket, rule] of Object.entries(rules) as Array<[RateBucket, RateRule]>) {
      const options = { keyPrefix: `${keyPrefix}-rl-${bucket}`, points: rule.points, duration: rule.durationSeconds };
      this.limiters.set(
        bucket,
        this.redis
          ? new RateLimiterRedis({
              ...options,
              storeClient: this.redis,
              // While Redis is unreachable each process limits on its own rather than failing requests.
              insuranceLimiter: new RateLimiterMemory(options),
            })
          : new RateLimiterMemory(options),
      );
    }
  }

  /** Takes one point from each bucket/key pair; RATE_LIMITED (with retryAfter) when any is exhausted. */
  async consume(...checks: Array<[RateBucket, string | null | undefined]>): Promise<void> {
    try {
      await Promise.all(
        checks.filter(([, key]) => key).map(([bucket, key]) => this.limiters.get(bucket)!.consume(key!)),
      );
    } catch (result) {
      if (result instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(result.msBeforeNext / 1000)));
      throw result;
    }
  }

  async reset(bucket: RateBucket, key: string): Promise<void> {
    await this.limiters.get(bucket)!.delete(key);
  }

  /** Gives back points taken by `consume` (the action turned out not to count). */
  async reward(bucket: RateBucket, key: string, points = 1): Promise<void> {
    await this.limiters.get(bucket)!.reward(key, points);
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}
