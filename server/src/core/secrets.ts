/**
 * Production refuses secrets anyone could know: too short to resist guessing, or a value this
 * project has published (a default in docker-compose.yml, an example in the docs, a fixed test or
 * benchmark secret). A forged session cookie needs nothing more than the JWT secret.
 */

/** Bytes a secret needs at least (HS256 keys: RFC 7518 §3.2 asks for 256 bits). */
export const MIN_SECRET_BYTES = 32;

/**
 * Every secret value the project ever shipped, in any file, at any commit (`git log -p`). A
 * secret equal to one of these is public. config.test.ts checks that the defaults in the
 * repository's deployment files are listed here.
 */
export const PUBLISHED_SECRETS: readonly string[] = [
  'change-me-to-a-long-random-string', // docker-compose.yml's JWT_SECRET default until issue 15
  'bench-secret-bench-secret-bench-secret', // the benchmarks' production server, until issue 15
  'two-processes-jwt-secret-0123456789', // server/src/two-processes.test.ts
  'test-jwt-secret-0123456789', // server/src/test/harness.ts
  'metrics-secret', // observability tests
  'whsec_1', // billing tests
];

/** Database passwords the project published: docker-compose.yml's POSTGRES_PASSWORD until issue 15. */
export const PUBLISHED_DATABASE_PASSWORDS: readonly string[] = ['visiongate'];

/**
 * DATABASE_URL in production: its password must not be one the project published (a database
 * reachable with a known password is anyone's). No length rule: managed databases set their own.
 */
export function checkedDatabaseUrl(value: string | undefined, production: boolean): string | undefined {
  if (!value || !production) return value || undefined;
  let password = '';
  try {
    password = decodeURIComponent(new URL(value).password);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL (postgres://user:password@host:5432/database)');
  }
  if (PUBLISHED_DATABASE_PASSWORDS.includes(password)) {
    throw new Error(`DATABASE_URL uses a database password published with VisionGate and is refused in production; set POSTGRES_PASSWORD (docker compose) or the database's password to a random one, e.g. openssl rand -hex 24`);
  }
  return value;
}

const HOW_TO_GENERATE = `generate one with: node -e "console.log(require('crypto').randomBytes(48).toString('base64url'))"`;

/**
 * A secret setting's value: in production it must be at least MIN_SECRET_BYTES long, not one
 * repeated character and not a published value. Throws one line naming the setting and the fix.
 */
export function checkedSecret(name: string, value: string | undefined, production: boolean): string | undefined {
  if (!value || !production) return value || undefined;
  if (PUBLISHED_SECRETS.includes(value)) {
    throw new Error(`${name} is a value published with VisionGate and is refused in production; ${HOW_TO_GENERATE}`);
  }
  if (Buffer.byteLength(value) < MIN_SECRET_BYTES) {
    throw new Error(`${name} must be at least ${MIN_SECRET_BYTES} bytes in production (it has ${Buffer.byteLength(value)}); ${HOW_TO_GENERATE}`);
  }
  if (new Set(value).size === 1) throw new Error(`${name} is one repeated character and is refused in production; ${HOW_TO_GENERATE}`);
  return value;
}

/** A 32-byte key (e.g. AES-256) of identical bytes, such as all zeros, is as good as no key. */
export function isDegenerateKey(key: Buffer): boolean {
  return key.every((byte) => byte === key[0]);
}
