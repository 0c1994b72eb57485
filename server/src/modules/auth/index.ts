import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { CreditsService } from '../credits';
import type { RateLimitService } from '../rate-limits';
import { AuthResolver, SessionsResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { LoginLimiter } from './login-limiter';
import { NotifyViewerChanges1764000005200 } from './migrations/1764000005200-NotifyViewerChanges';
import { CreateUserSessions1764000006100 } from './migrations/1764000006100-CreateUserSessions';
import { passwordHasher } from './password-hasher';
import { SessionService } from './session.service';
import { UserSession } from './user-session.entity';

export { PASSWORD_MAX, TrimmedEmail } from './auth.inputs';
export type { ViewerContext } from './auth.resolver';
export { AuthService } from './auth.service';
export type { BearerTokenVerifier, ViewerUser } from './auth.service';
export { SessionService } from './session.service';
export { dropViewerAfterMutation } from './viewer-cache';

type AuthNeeds = Pick<Platform, 'config' | 'dataSource' | 'events' | 'logger'> & { credits: CreditsService; rateLimits: RateLimitService };

export const authModule = defineModule({
  name: 'auth',
  purpose: 'Registration, login and sessions; resolves the caller of every request (cookie or bearer token)',
  entities: [UserSession],
  migrations: [NotifyViewerChanges1764000005200, CreateUserSessions1764000006100],
  services: ({ config, dataSource, events, logger, credits, rateLimits }: AuthNeeds) => {
    const sessions = new SessionService(config, dataSource, logger);
    const loginLimiter = new LoginLimiter(rateLimits, config.jwtSecret);
    const auth = new AuthService(dataSource, config, credits, passwordHasher(), sessions, loginLimiter, events, logger);
    return { sessions, auth };
  },
  resolvers: [AuthResolver, SessionsResolver],
});
