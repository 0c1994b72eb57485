import type { AuthChecker } from 'type-graphql';
import { Role, type RequestContext } from '../core/context';
import { AppError, ErrorCode, forbidden } from '../core/errors';

/** Pseudo-role for `@Authorized(SESSION_ONLY)`: API tokens may not manage the account itself. */
export const SESSION_ONLY = 'SESSION_ONLY';
export type AccessRule = Role | typeof SESSION_ONLY;

/**
 * The one place where access is decided. `@Authorized()` needs a caller; roles narrow it.
 * Resolvers without `@Authorized` are public (a test lists them).
 */
export const authChecker: AuthChecker<RequestContext, AccessRule> = ({ context }, rules) => {
  // A dead API token never gets here: the request fails while its context is built (app/api.ts).
  const { viewer } = context;
  if (!viewer) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in first');
  }
  if (rules.includes(Role.ADMIN) && viewer.role !== Role.ADMIN) {
    throw forbidden('Administrators only');
  }
  if (rules.includes(SESSION_ONLY) && viewer.via !== 'SESSION') {
    throw forbidden('API tokens cannot do this; sign in to the dashboard');
  }
  return true;
};
