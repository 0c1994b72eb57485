import { GraphQLError } from 'graphql';
import { stringEnum, type EnumValue } from './string-enum';

/** Every error a client may see carries one of these codes in `extensions.code`. */
export const ErrorCode = stringEnum([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INSUFFICIENT_CREDITS',
  'LIMIT_EXCEEDED',
  'SPEND_LIMIT_REACHED',
  'PROCESSING_RESTRICTED',
  'PAYLOAD_TOO_LARGE',
  'URL_NOT_ALLOWED',
  'PROVIDER_ERROR',
  'BUSY',
  /** No provider can serve the feature with this server's configuration (see the `features` query). */
  'FEATURE_UNAVAILABLE',
  /** An earlier call with the same idempotency key is still running; retry shortly. */
  'IDEMPOTENCY_IN_PROGRESS',
  /** The database (or another backing service) is unreachable for now; retry shortly. */
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
  /** HTTP-level refusals, before any GraphQL runs (the status says the same). */
  'BAD_REQUEST',
  'UNSUPPORTED_MEDIA_TYPE',
  'REQUEST_HEADER_FIELDS_TOO_LARGE',
  'REQUEST_TIMEOUT',
]);
export type ErrorCode = EnumValue<typeof ErrorCode>;

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
