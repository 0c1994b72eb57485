import { createHmac } from 'node:crypto';
import type { RateLimitService } from '../rate-limits';

/**
 * Login attempts within a window (LOGIN_RATE_WINDOW_SECONDS): failures per account and per IP
 * (LOGIN_RATE_LIMIT), all attempts per IP (LOGIN_RATE_LIMIT_PER_IP_ALL, much higher). So a
 * password guesser is stopped on the account and on its address, while colleagues signing in
 * from one office address are not. Every attempt takes its failure points up front (parallel
 * guesses count too); a success gives them back. Accounts are keyed by a keyed hash of the
 * e-mail: no address reaches Redis or the logs.
 */
export class LoginLimiter {
  constructor(
    private readonly limits: RateLimitService,
    private readonly keySecret: string,
  ) {}

  async attempt(ip: string, email: string): Promise<void> {
    await this.limits.consume(['loginAttemptsPerIp', ip], ['loginFailuresPerIp', ip], ['loginFailuresPerAccount', this.accountKey(email)]);
  }

  /** The right password: the account's failures are forgotten and this attempt costs the IP no failure. */
  async succeeded(ip: string, email: string): Promise<void> {
    await Promise.all([this.limits.reset('loginFailuresPerAccount', this.accountKey(email)), this.limits.reward('loginFailuresPerIp', ip)]);
  }

  private accountKey(email: string): string {
    return createHmac('sha256', this.keySecret).update(`login:${email.trim().toLowerCase()}`).digest('base64url').slice(0, 32);
  }
}
