import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

/**
 * The request being served (entered by the HTTP server for each request): every line logged
 * while serving it carries its `requestId`, however deep the code that logs.
 */
export const requestScope = new AsyncLocalStorage<{ readonly requestId: string }>();

/** Fields of an error that say what failed without carrying what was sent (kept when primitive). */
const SAFE_ERROR_FIELDS = ['code', 'errno', 'syscall', 'status', 'statusCode', 'constraint', 'table', 'column', 'routine'] as const;

const EMAIL = /[^\s"'<>()@,;:]+@[^\s"'<>()@,;:]+\.[^\s"'<>()@,;:]+/g;

/**
 * A message without the values it may quote: PostgreSQL ends some with the offending input
 * (`invalid input syntax for type uuid: "…"`), TypeORM names what it looked for
 * (`… matching: {"email": …}`), and anything may mention an e-mail address.
 */
export function scrubMessage(message: string): string {
  return message
    .replace(/ matching: [\s\S]*$/, ' matching: [redacted]')
    .replace(/: "[\s\S]*"$/, ': [redacted]')
    .replace(EMAIL, '[email]');
}

/**
 * The one way errors reach the log. Only the class, the scrubbed message, the stack and a few
 * codes are kept: never TypeORM's `query` and `parameters`, PostgreSQL's `detail` (it quotes
 * rows and keys: `Key (email)=(…)`, `Failing row contains (…)`) or anything else an error
 * object carries (request options, responses, headers).
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { type: typeof error, message: scrubMessage(String(error)) };
  const source = error as Record<string, unknown> & { message?: unknown; stack?: unknown; cause?: unknown; errors?: unknown };
  const type = (error as object).constructor?.name ?? 'Object';
  const message = scrubMessage(String(source.message ?? ''));
  const out: Record<string, unknown> = { type, message };
  if (typeof source.stack === 'string') {
    const frames = source.stack.split('\n').filter((line) => /^\s+at /.test(line));
    out.stack = [`${type}: ${message}`, ...frames].join('\n');
  }
  for (const field of SAFE_ERROR_FIELDS) {
    const value = source[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (depth < 3) {
    if (source.cause !== undefined) out.cause = serializeError(source.cause, depth + 1);
    const driverError = source.driverError;
    if (driverError && typeof driverError === 'object' && !out.code) {
      const code = (driverError as { code?: unknown }).code;
      if (typeof code === 'string') out.code = code;
    }
    if (Array.isArray(source.errors)) out.errors = source.errors.slice(0, 5).map((inner) => serializeError(inner, depth + 1));
  }
  return out;
}

/** The log object with every error in it (not only `err`, nested ones too) through `serializeError`. */
function serializeNestedErrors(value: Record<string, unknown>, depth = 0): Record<string, unknown> {
  let copy: Record<string, unknown> | null = null;
  for (const key in value) {
    const field = value[key];
    let safe = field;
    if (field instanceof Error) safe = serializeError(field);
    else if (depth < 3 && typeof field === 'object' && field !== null && !Array.isArray(field)) {
      safe = serializeNestedErrors(field as Record<string, unknown>, depth + 1);
    }
    if (safe !== field) (copy ??= { ...value })[key] = safe;
  }
  return copy ?? value;
}

/** Paths that may hold personal data or secrets, redacted whatever logs them. */
const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  'passwordHash',
  '*.passwordHash',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'tokenHash',
  '*.tokenHash',
  'email',
  '*.email',
  'firstName',
  '*.firstName',
  'lastName',
  '*.lastName',
  'parameters',
  '*.parameters',
  '*.query',
  '*.detail',
  '*.driverError',
  'variables',
  'req.headers.cookie',
  'req.headers.authorization',
  'headers.cookie',
  'headers.authorization',
];

/** JSON logs; errors go through `serializeError`, known secret paths are redacted, lines carry the request id. */
export function createLogger(
  level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  destination?: pino.DestinationStream,
) {
  return pino(
    {
      level,
      // Instead of pino's err serializer, which copies every field of an error (TypeORM's query
      // parameters, PostgreSQL's detail): any error anywhere in the line goes through serializeError.
      serializers: { err: (error: unknown) => error },
      formatters: { log: (object) => serializeNestedErrors(object) },
      mixin: () => {
        const scope = requestScope.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination as pino.DestinationStream,
  );
}

export type Logger = ReturnType<typeof createLogger>;

/**
 * Resolves once every line logged so far has been written. pino's `flush(cb)` alone does not
 * say so: with sonic-boom's default `minLength` 0 it calls back at once, even while an
 * asynchronous write is still in flight, so a `console.log` right after it could reach stdout
 * before that line. This also waits (polling, at most ~1 s) until sonic-boom has no write in flight.
 */
export function logsWritten(logger: Logger): Promise<void> {
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as { _writing?: boolean } | undefined;
  return new Promise<void>((resolve) => {
    let polls = 0;
    const check = () => (stream?._writing && polls++ < 200 ? setTimeout(check, 5) : resolve());
    logger.flush(() => check());
  });
}
