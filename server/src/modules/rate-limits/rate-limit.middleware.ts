import { MiddlewareFn, UseMiddleware } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import type { RateLimitService } from './rate-limit.service';

/** The application puts its services in the context; these middlewares read the rate limits there. */
export interface RateLimitedContext extends RequestContext {
  services: { rateLimits: Pick<RateLimitService, 'consume'> };
}

/** Paid calls: limited per API token, per user and per IP before anything is charged. */
export const PaidCallRateLimit = (): MethodDecorator & PropertyDecorator =>
  UseMiddleware((async ({ context }, next) => {
    await context.services.rateLimits.consume(
      ['paidPerToken', context.viewer?.apiTokenId],
      ['paidPerUser', context.viewer?.userId],
      ['paidPerIp', context.ip],
    );
    return next();
  }) as MiddlewareFn<RateLimitedContext>);

/** Account creation: limited per IP. */
export const SignupRateLimit = (): MethodDecorator & PropertyDecorator =>
  UseMiddleware((async ({ context }, next) => {
    await context.services.rateLimits.consume(['signupPerIp', context.ip]);
    return next();
  }) as MiddlewareFn<RateLimitedContext>);
