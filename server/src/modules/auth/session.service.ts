import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import jwt from 'jsonwebtoken';
import { KeyObject, createSecretKey } from 'node:crypto';
import { Config } from '../../core/config';

export const SESSION_COOKIE = 'vg_session';

export interface SessionClaims {
  sub: string;
  /** The user's token version when the session was issued. */
  tv: number;
}

/** Verified sessions kept in memory, so a browser's repeated cookie is checked once, not per request. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Stateless sessions: an HS256 JWT in an HttpOnly cookie (seed 001 §1.1, §5). */
export class SessionService {
  /** A KeyObject: jsonwebtoken would otherwise try (and fail) to parse the secret as a PEM key on every call. */
  private readonly key: KeyObject;
  private readonly verified = new Map<string, { claims: SessionClaims; expiresAtMs: number }>();

  constructor(private readonly config: Config) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  issueCookie(userId: string, tokenVersion: number): string {
    const token = jwt.sign({ tv: tokenVersion }, this.key, {
      algorithm: 'HS256',
      subject: userId,
      expiresIn: this.config.sessionMaxAgeSeconds,
    });
    return serializeCookie(SESSION_COOKIE, token, this.cookieOptions(this.config.sessionMaxAgeSeconds));
  }

  clearCookie(): string {
    return serializeCookie(SESSION_COOKIE, '', { ...this.cookieOptions(0), expires: new Date(0) });
  }

  /**
   * The session's claims, or null when absent, forged or expired. Whether the session was ended
   * since (password change, deletion) is the caller's check against the user's token version.
   */
  read(cookieHeader: string | undefined): SessionClaims | null {
    if (!cookieHeader) return null;
    // Keyed by the whole Cookie header: a browser repeats it unchanged, so a hit skips parsing too.
    const cached = this.verified.get(cookieHeader);
    if (cached) {
      if (cached.expiresAtMs > Date.now()) return cached.claims;
      this.verified.delete(cookieHeader);
      return null;
    }
    const token = parseCookies(cookieHeader)[SESSION_COOKIE];
    if (!token) return null;
    try {
      const payload = jwt.verify(token, this.key, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (typeof payload.sub !== 'string' || typeof payload.tv !== 'number' || typeof payload.exp !== 'number') return null;
      const claims = { sub: payload.sub, tv: payload.tv };
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(cookieHeader, { claims, expiresAtMs: payload.exp * 1000 });
      return claims;
    } catch {
      return null;
    }
  }

  private cookieOptions(maxAge: number) {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.production,
      path: '/',
      maxAge,
    };
  }
}
