import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ViewerUser } from '../modules/auth/auth.service';
import type { Role } from '../modules/users/user.entity';
import type { AppServices } from './services';

export type AuthMethod = 'SESSION' | 'API_TOKEN';

/** Who is calling: a signed-in user through the session cookie or an API token. */
export interface Viewer {
  userId: string;
  role: Role;
  via: AuthMethod;
  apiTokenId: string | null;
  /** The session row behind the cookie (null for API tokens). */
  sessionId: string | null;
}

export interface RequestContext {
  viewer: Viewer | null;
  /** Part of the caller's account row (see VIEWER_COLUMNS), read with the authentication check. */
  currentUser: ViewerUser | null;
  /** Set when a bearer token was sent but is unknown, revoked or expired. */
  authError: string | null;
  ip: string;
  userAgent: string | null;
  requestId: string;
  /** Adds a Set-Cookie header to the response. */
  setCookie(cookie: string): void;
  req: IncomingMessage;
  res: ServerResponse;
  /** For middleware (rate limits); resolvers receive services through their constructor. */
  services: AppServices;
}
