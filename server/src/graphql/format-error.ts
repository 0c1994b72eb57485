import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { ErrorCode, isDatabaseUnavailable } from '../core/errors';

/** Codes Apollo itself assigns to malformed requests; they are safe to pass through. */
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);
const OUR_CODES = new Set<string>(Object.values(ErrorCode));

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

function firstFailure(errors: ValidationFailure[], prefix = ''): { field: string; message: string } | null {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const message = error.constraints ? Object.values(error.constraints)[0] : undefined;
    if (message) return { field, message };
    const nested = firstFailure(error.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

/** Whether an error is the caller's to fix (typed, safe message) rather than our failure. */
export function isExpectedError(raw: unknown): boolean {
  const error = unwrapResolverError(raw);
  if (error instanceof ArgumentValidationError) return true;
  const code = (error as GraphQLError)?.extensions?.code as string | undefined;
  return (!!code && OUR_CODES.has(code) && error instanceof GraphQLError) || (!!code && APOLLO_REQUEST_CODES.has(code));
}

/**
 * Every error leaves with `extensions.code`. Our own errors and Apollo's request errors pass
 * through; class-validator failures become BAD_USER_INPUT naming the field; anything else is
 * replaced by a bare INTERNAL (no message, stack trace or SQL reaches the client) and logged
 * with its request id by the request-id plugin.
 */
export function createErrorFormatter(exposeDetails: boolean) {
  return (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const error = unwrapResolverError(raw);
    if (error instanceof ArgumentValidationError) {
      const failure = firstFailure(error.extensions.validationErrors as unknown as ValidationFailure[]);
      return {
        message: failure?.message ?? 'Invalid input',
        path: formatted.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: failure?.field },
      };
    }
    if (isDatabaseUnavailable(error)) {
      return {
        message: 'The service is briefly unavailable; retry in a few seconds',
        path: formatted.path,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfter: 2 },
      };
    }
    if (isExpectedError(raw)) {
      // Expected failures are the caller's to fix; a stack trace would only leak internals.
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    return {
      message: exposeDetails ? formatted.message : 'Internal server error',
      path: formatted.path,
      extensions: exposeDetails ? { ...formatted.extensions, code: ErrorCode.INTERNAL } : { code: ErrorCode.INTERNAL },
    };
  };
}
