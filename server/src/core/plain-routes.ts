import type { IncomingHttpHeaders } from 'node:http';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Viewer } from './context';
import type { Logger } from './logger';
import { recordViewer } from './request-info';

/** HTTP status for our error codes on plain (non-GraphQL) routes. */
const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  RATE_LIMITED: 429,
  CONFLICT: 409,
};

export function httpStatusOf(code: string): number {
  return STATUS[code] ?? 500;
}

/** How plain routes learn the caller (the auth module's resolveViewer). */
export type ResolveViewer = (headers: IncomingHttpHeaders) => Promise<{ viewer: Viewer | null; authError: string | null }>;

/**
 * The caller of a plain route, recorded for the access log; without one the route has already
 * answered 401 and gets null.
 */
export async function viewerOrUnauthorized(req: Request, res: Response, resolveViewer: ResolveViewer): Promise<Viewer | null> {
  const { viewer, authError } = await resolveViewer(req.headers);
  recordViewer(req, viewer);
  if (!viewer) res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: authError ?? 'Sign in first' } });
  return viewer;
}

/** A typed error answer for a plain route: the code and message of ours, never a stack; INTERNAL is logged. */
export function sendRouteError(res: Response, error: unknown, logger: Logger, failure: string): void {
  const code = error instanceof GraphQLError ? String(error.extensions.code) : 'INTERNAL';
  if (code === 'INTERNAL') logger.error({ err: error }, failure);
  res.status(httpStatusOf(code)).json({ error: { code, message: error instanceof GraphQLError ? error.message : 'Internal server error' } });
}
