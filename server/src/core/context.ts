import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a caller may do; the users module registers it as the GraphQL enum `Role`. */
export enum Role {
  USER = 'USER',
  ADMIN = 'ADMIN',
}

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

/**
 * What every resolver may read about its request. The application adds what its modules put in
 * (the caller's account row, the services for middleware); modules that read those declare them.
 */
export interface RequestContext {
  viewer: Viewer | null;
  ip: string;
  userAgent: string | null;
  requestId: string;
  /** Adds a Set-Cookie header to the response. */
  setCookie(cookie: string): void;
  req: IncomingMessage;
  res: ServerResponse;
}
