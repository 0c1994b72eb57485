import { CombinedGraphQLErrors, ServerError, ServerParseError } from '@apollo/client/errors';
import type { GraphQLFormattedError } from 'graphql';

/** One failure as the API reported it: the machine-readable code decides how the UI reacts. */
export interface DescribedError {
  code: string;
  message: string;
  /** The input field a BAD_USER_INPUT refers to. */
  field?: string;
  /** Seconds until a RATE_LIMITED caller may retry. */
  retryAfter?: number;
}

function fromFormatted(error: GraphQLFormattedError): DescribedError {
  const extensions = (error.extensions ?? {}) as Record<string, unknown>;
  return {
    code: typeof extensions.code === 'string' ? extensions.code : 'INTERNAL',
    message: error.message,
    field: typeof extensions.field === 'string' ? extensions.field : undefined,
    retryAfter: typeof extensions.retryAfter === 'number' ? extensions.retryAfter : undefined,
  };
}

/** Apollo answers non-2xx responses (CSRF refusal, 413, invalid variables) as ServerError with the body as text. */
function fromServerBody(bodyText: string | undefined): DescribedError[] | null {
  if (!bodyText) return null;
  try {
    const body = JSON.parse(bodyText) as { errors?: GraphQLFormattedError[] };
    return Array.isArray(body.errors) && body.errors.length ? body.errors.map(fromFormatted) : null;
  } catch {
    return null;
  }
}

/** Turns whatever an Apollo hook or promise rejected with into coded errors (never empty). */
export function describeErrors(error: unknown): DescribedError[] {
  if (!error) return [];
  if (CombinedGraphQLErrors.is(error)) return error.errors.map(fromFormatted);
  if (ServerError.is(error)) {
    const parsed = fromServerBody(error.bodyText);
    if (parsed) return parsed;
    if (error.statusCode === 413) return [{ code: 'PAYLOAD_TOO_LARGE', message: 'The file is too large.' }];
    return [{ code: 'SERVER_ERROR', message: `The server answered with status ${error.statusCode}.` }];
  }
  if (ServerParseError.is(error)) return [{ code: 'SERVER_ERROR', message: 'The server sent an unreadable answer.' }];
  if (error instanceof Error && (error.name === 'TypeError' || /fetch|network/i.test(error.message))) {
    return [{ code: 'NETWORK_ERROR', message: 'Cannot reach the server. Check your connection and try again.' }];
  }
  return [{ code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }];
}

/** The message of the error attached to one input field, if any. */
export function fieldError(errors: DescribedError[], field: string): string | undefined {
  return errors.find((error) => error.code === 'BAD_USER_INPUT' && error.field === field)?.message;
}

/** Errors not shown beside a field. */
export function formLevelErrors(errors: DescribedError[], fields: readonly string[]): DescribedError[] {
  return errors.filter((error) => !(error.code === 'BAD_USER_INPUT' && error.field && fields.includes(error.field)));
}
