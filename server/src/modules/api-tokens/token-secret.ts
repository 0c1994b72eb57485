import { createHash, randomBytes } from 'node:crypto';

/**
 * API token secrets: `vg_` + 32 random bytes in base62 (43 characters). Base62 instead of
 * base64url so a double click selects the whole secret; the fixed `vg_` prefix lets secret
 * scanners recognise leaked tokens. Only the SHA-256 hash is stored: the secret has 256 bits
 * of entropy, so a fast hash is enough and lookups stay a single index probe.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 43; // 62^43 > 2^256, so every 32-byte value fits
const SECRET_PATTERN = /^vg_[0-9A-Za-z]{43}$/;
/** `vg_` + this many characters are shown in lists so users can tell their tokens apart. */
const VISIBLE_CHARS = 8;

function base62(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (value > 0n) {
    out = ALPHABET[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(BODY_LENGTH, '0');
}

export interface NewSecret {
  secret: string;
  hash: string;
  prefix: string;
}

export function generateSecret(): NewSecret {
  const secret = `vg_${base62(randomBytes(32))}`;
  return { secret, hash: hashSecret(secret), prefix: secret.slice(0, 3 + VISIBLE_CHARS) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Cheap shape check so garbage never reaches the database. */
export function looksLikeSecret(candidate: string): boolean {
  return SECRET_PATTERN.test(candidate);
}
