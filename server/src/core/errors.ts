import { GraphQLError } from 'graphql';

/** Every error a client may see carries one of these codes in `extensions.code`. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  INSUFFICIENT_CREDITS = 'INSUFFICIENT_CREDITS',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  SPEND_LIMIT_REACHED = 'SPEND_LIMIT_REACHED',
  PROCESSING_RESTRICTED = 'PROCESSING_RESTRICTED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  URL_NOT_ALLOWED = 'URL_NOT_ALLOWED',
  PROVIDER_ERROR = 'PROVIDER_ERROR',
  BUSY = 'BUSY',
  /** No provider can serve the feature with this server's configuration (see the `features` query). */
  FEATURE_UNAVAILABLE = 'FEATURE_UNAVAILABLE',
  /** An earlier call with the same idempotency key is still running; retry shortly. */
  IDEMPOTENCY_IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS',
  /** The database (or another backing service) is unreachable for now; retry shortly. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

/** An expected failure whose message is safe to show to the caller. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const badInput = (field: string, message: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { field });
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const unauthenticated = (message = 'Sign in first') =>
  new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'Not allowed') => new AppError(ErrorCode.FORBIDDEN, message);
export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(ErrorCode.RATE_LIMITED, `Too many attempts; retry in ${retryAfterSeconds} s`, {
    retryAfter: retryAfterSeconds,
  });

/** Errors meaning "the database is not reachable right now" (restart, failover, network). */
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']); // 53300: too_many_connections, as unavailable as a refused connection

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error as { code?: string; message?: string; cause?: unknown; driverError?: unknown } | undefined, depth = 0; current && depth < 4; depth++) {
    if (current.code && CONNECTION_ERROR_CODES.has(current.code)) return true;
    if (/Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(current.message ?? '')) return true;
    current = (current.driverError ?? current.cause) as typeof current;
  }
  return false;
}
