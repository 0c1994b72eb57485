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
