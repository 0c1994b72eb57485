import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Sealed {
  iv: Buffer;
  authTag: Buffer;
  ciphertext: Buffer;
}

/**
 * AES-256-GCM with a fresh 96-bit IV per image. The row's identity (id, owner, kind) is bound as
 * additional data, so a ciphertext copied into another row or account fails to open.
 */
export class ResultsCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the results key must be 32 bytes');
  }

  seal(plaintext: Buffer, associatedData: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = joined(cipher.update(plaintext), cipher.final());
    return { iv, authTag: cipher.getAuthTag(), ciphertext };
  }

  /** Throws when the ciphertext, IV, tag or associated data were changed. */
  open(sealed: Sealed, associatedData: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.iv);
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(sealed.authTag);
    return joined(decipher.update(sealed.ciphertext), decipher.final());
  }
}

/** GCM is a stream mode: `final()` yields nothing, so a large image is not copied a second time. */
function joined(head: Buffer, tail: Buffer): Buffer {
  return tail.length === 0 ? head : Buffer.concat([head, tail]);
}
