/**
 * Puts the request id into an error body, so a caller's report leads straight to the log line:
 * GraphQL-shaped errors (`errors[]`) get `extensions.requestId`, a REST error object
 * (`error: { code, message }`, as Stripe answers) gets `requestId`, anything else a top-level one.
 */
export function withRequestId(body: unknown, requestId: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { errors, error } = body as { errors?: unknown; error?: unknown };
  if (Array.isArray(errors)) {
    return {
      ...body,
      errors: errors.map((each: { extensions?: object }) => ({ ...each, extensions: { ...each?.extensions, requestId } })),
    };
  }
  if (typeof error === 'object' && error !== null) return { ...body, error: { ...error, requestId } };
  return { ...body, requestId };
}

/** The JSON of a refusal made before GraphQL runs: one error with its code and the request id. */
export function errorBody(message: string, code: string, requestId: string, extensions: Record<string, unknown> = {}): string {
  return JSON.stringify({ errors: [{ message, extensions: { code, ...extensions, requestId } }] });
}
