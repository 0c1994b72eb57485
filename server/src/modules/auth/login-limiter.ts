import { RateLimitService } from '../rate-limits';

/** Login attempts per IP and per e-mail within a window (default 10 per 15 minutes). */
export class LoginLimiter {
  constructor(private readonly limits: RateLimitService) {}

  consume(ip: string, email: string): Promise<void> {
    return this.limits.consume(['loginPerIp', ip], ['loginPerEmail', email.toLowerCase()]);
  }

  /** A successful login clears the e-mail's count; the IP's stays to slow down spraying. */
  async reset(_ip: string, email: string): Promise<void> {
    await this.limits.reset('loginPerEmail', email.toLowerCase());
  }
}
