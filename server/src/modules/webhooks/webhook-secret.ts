import { hkdfSync, randomBytes } from 'node:crypto';
import { ResultsCipher } from '../stored-results';

/** Standard Webhooks secrets: `whsec_` + base64 of the HMAC key (the spec asks for 24 to 64 bytes). */
const SECRET_BYTES = 32;
const PREFIX = 'whsec_';
/** `whsec_` + this many characters are shown in lists so users can tell their secrets apart. */
const HINT_CHARS = 4;

export function generateWebhookSecret(): { secret: string; hint: string } {
  const secret = `${PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
  return { secret, hint: `${secret.slice(0, PREFIX.length + HINT_CHARS)}…` };
}

/** A secret as its row stores it. */
export interface SealedSecret {
  secret_iv: Buffer;
  secret_tag: Buffer;
  secret_ciphertext: Buffer;
}

/**
 * Webhook secrets must be usable for signing later, so unlike API tokens they cannot be stored
 * as a hash: they are sealed with AES-256-GCM (the stored-results cipher), bound to their row
 * (endpoint id or account), under a key derived from JWT_SECRET, the one secret every
 * deployment already has. Replacing JWT_SECRET makes the sealed secrets unreadable: deliveries
 * then fail with "rotate the secret" until the owner rotates it (docs/api.md).
 */
export class WebhookSecretBox {
  private readonly cipher: ResultsCipher;

  constructor(jwtSecret: string) {
    this.cipher = new ResultsCipher(Buffer.from(hkdfSync('sha256', jwtSecret, 'visiongate', 'webhook-secrets-v1', 32)));
  }

  seal(secret: string, boundTo: string): SealedSecret {
    const sealed = this.cipher.seal(Buffer.from(secret), boundTo);
    return { secret_iv: sealed.iv, secret_tag: sealed.authTag, secret_ciphertext: sealed.ciphertext };
  }

  /** Throws when the key changed or the row was tampered with. */
  open(row: SealedSecret, boundTo: string): string {
    return this.cipher.open({ iv: row.secret_iv, authTag: row.secret_tag, ciphertext: row.secret_ciphertext }, boundTo).toString();
  }
}
