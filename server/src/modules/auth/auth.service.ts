import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Config } from '../../core/config';
import { Viewer } from '../../core/context';
import { AppError, ErrorCode, conflict, unauthenticated } from '../../core/errors';
import { EventBus } from '../../core/events';
import type { Logger } from '../../core/logger';
import { CreditsService, LedgerReason } from '../credits';
import { User } from '../users';
import { ChangePasswordInput, LoginInput, RegisterInput } from './auth.inputs';
import { LoginLimiter } from './login-limiter';
import { PasswordHasher } from './password-hasher';
import { SessionService } from './session.service';
import { ViewerCache } from './viewer-cache';

/** Resolves `Authorization: Bearer <secret>` to a token; provided by the API-tokens module. */
export interface BearerTokenVerifier {
  verify(secret: string): Promise<{ userId: string; tokenId: string } | null>;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';
export const normalizeEmail = (email: string) => email.trim();

/**
 * The columns read with every authenticated request: what authentication needs plus what `me`
 * is usually asked for. Reading all 22 columns of the user (five timestamps to parse) cost the
 * `me` benchmark more than a third of its throughput; `me` loads the full row only when asked
 * for other fields.
 */
export const VIEWER_COLUMNS = {
  id: 'id',
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  credits: 'credits',
  role: 'role',
  tokenVersion: 'token_version',
} as const;

/** The part of the user row read with the authentication check. */
export type ViewerUser = Pick<User, keyof typeof VIEWER_COLUMNS>;
export const VIEWER_USER_FIELDS: ReadonlySet<string> = new Set(Object.keys(VIEWER_COLUMNS));

export interface ResolvedViewer {
  viewer: Viewer | null;
  /** The viewer's account row (VIEWER_COLUMNS only), fresh from this request's query. */
  user: ViewerUser | null;
  authError: string | null;
}

/** Where a sign-in comes from, as its session row records it. */
export interface Device {
  ip: string | null;
  userAgent: string | null;
}

const NO_VIEWER: ResolvedViewer = { viewer: null, user: null, authError: null };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AuthService {
  private bearerVerifier: BearerTokenVerifier | null = null;
  private dummyHashPromise: Promise<string> | null = null;
  private readonly activeUserSql: string;
  /** The pg pool under TypeORM: the hot lookup runs as a named (prepared) statement. */
  private readonly pool: Pool;
  /** Recently read viewer rows, dropped as the database announces a change (viewer-cache.ts). */
  readonly viewers: ViewerCache<ViewerUser>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    private readonly credits: CreditsService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly loginLimiter: LoginLimiter,
    private readonly events: EventBus,
    logger: Logger,
  ) {
    const columns = Object.entries(VIEWER_COLUMNS).map(([property, column]) => `${column} AS "${property}"`);
    this.activeUserSql = `SELECT ${columns.join(', ')} FROM users WHERE id = $1 AND NOT disabled AND deleted_at IS NULL`;
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.viewers = new ViewerCache<ViewerUser>(this.pool.options, config.viewerCacheTtlMs, logger);
  }

  useBearerVerifier(verifier: BearerTokenVerifier): void {
    this.bearerVerifier = verifier;
  }

  /** Creates the account and its 50-credit signup bonus in one transaction. */
  async register(input: RegisterInput, signupIp: string | null): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    const now = new Date();
    let user: User;
    try {
      user = await this.dataSource.transaction(async (manager) => {
        const created = await manager.getRepository(User).save(
          manager.getRepository(User).create({
            email: normalizeEmail(input.email),
            firstName: input.firstName.trim(),
            lastName: input.lastName.trim(),
            company: input.company?.trim() || null,
            passwordHash,
            termsAcceptedAt: now,
            ageConfirmedAt: now,
            signupIp,
          }),
        );
        const bonus = await this.credits.apply(
          { userId: created.id, delta: this.config.signupBonusCredits, reason: LedgerReason.SIGNUP_BONUS, reference: created.id },
          manager,
        );
        created.credits = bonus.balanceAfter;
        return created;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('An account with this e-mail already exists');
      throw error;
    }
    this.events.emit('user.registered', { userId: user.id });
    return user;
  }

  /** Signs the user in on this device: a new session row and its cookie. */
  startSession(user: Pick<User, 'id' | 'tokenVersion'>, device: Device): Promise<{ sessionId: string; cookie: string }> {
    return this.sessions.create(user.id, user.tokenVersion, device);
  }

  /** Checks the password and returns the user and a fresh session cookie. */
  async login(input: LoginInput, device: Device & { ip: string }): Promise<{ user: User; cookie: string }> {
    const email = normalizeEmail(input.email);
    const ip = device.ip;
    await this.loginLimiter.attempt(ip, email);
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .andWhere('u.deleted_at IS NULL')
      .getOne();
    // Compare against a dummy hash when the user is unknown so timing does not reveal accounts.
    const hash = user?.passwordHash ?? (await this.dummyHash());
    const valid = await this.hasher.verify(input.password, hash);
    if (!user || !valid || !user.passwordHash) {
      throw unauthenticated('Wrong e-mail or password');
    }
    if (user.disabled) throw new AppError(ErrorCode.FORBIDDEN, 'This account is disabled');
    await this.loginLimiter.succeeded(ip, email);
    const { cookie } = await this.startSession(user, device);
    return { user, cookie };
  }

  /** Ends the session at once, on every replica (the cookie alone would survive a copy). */
  async logout(viewer: Viewer | null): Promise<void> {
    if (!viewer?.sessionId) return;
    await this.sessions.revoke(viewer.userId, viewer.sessionId).catch((error: unknown) => {
      // Ended meanwhile (another tab, "sign out everywhere else"): nothing left to do.
      if ((error as AppError)?.extensions?.code !== ErrorCode.NOT_FOUND) throw error;
    });
  }

  /**
   * Ends every other session and returns a new cookie for this one (as GitHub and Stripe do: the
   * person who just proved the old password keeps working; a thief's copy of any cookie, this
   * one's included, stops, since the token version changes too).
   */
  async changePassword(userId: string, sessionId: string, input: ChangePasswordInput): Promise<string> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: userId });
    if (!user.passwordHash || !(await this.hasher.verify(input.currentPassword, user.passwordHash))) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'The current password is wrong', { field: 'currentPassword' });
    }
    const passwordHash = await this.hasher.hash(input.newPassword);
    const tokenVersion = await this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query(
        `UPDATE users SET password_hash = $2, token_version = token_version + 1, updated_at = now()
         WHERE id = $1 RETURNING token_version`,
        [userId, passwordHash],
      );
      await this.sessions.revokeOthers(userId, sessionId, manager);
      return rows[0].token_version as number;
    });
    this.events.emit('user.passwordChanged', { userId });
    return this.sessions.issueCookie(userId, sessionId, tokenVersion);
  }

  /** Verifies a password for sensitive actions (account deletion). */
  async verifyPassword(userId: string, password: string): Promise<boolean> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    return !!user?.passwordHash && this.hasher.verify(password, user.passwordHash);
  }

  /**
   * The caller of a request and their account row (one prepared query, or none from the viewer
   * cache). A bearer token wins over the cookie. A bad bearer token is an error (the caller meant
   * to authenticate; the GraphQL route fails the whole request); a bad cookie is simply no
   * session: forged, expired, without a session id (issued before sessions existed), or its
   * session revoked or expired. Disabled and deleted accounts have no viewer.
   */
  async resolveViewer(headers: { authorization?: string; cookie?: string }): Promise<ResolvedViewer> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    if (bearer) {
      const token = this.bearerVerifier ? await this.bearerVerifier.verify(bearer) : null;
      const user = token ? await this.activeUser(token.userId) : null;
      if (!token || !user) return { viewer: null, user: null, authError: 'The API token is unknown, revoked or expired' };
      return { viewer: { userId: user.id, role: user.role, via: 'API_TOKEN', apiTokenId: token.tokenId, sessionId: null }, user, authError: null };
    }
    const claims = this.sessions.read(headers.cookie);
    if (!claims) return NO_VIEWER;
    const [user, live] = await Promise.all([this.activeUser(claims.sub), this.sessions.isLive(claims)]);
    if (!user || !live || user.tokenVersion !== claims.tv) return NO_VIEWER;
    return { viewer: { userId: user.id, role: user.role, via: 'SESSION', apiTokenId: null, sessionId: claims.sid }, user, authError: null };
  }

  /**
   * The caller's row for `me`: the one read with the authentication check when it holds every
   * field asked for, else the whole row (one more query).
   */
  currentUser(viewerUser: ViewerUser, fields: ReadonlySet<string>): ViewerUser | Promise<User | null> {
    for (const field of fields) {
      if (field !== '__typename' && !VIEWER_USER_FIELDS.has(field)) return this.dataSource.getRepository(User).findOneBy({ id: viewerUser.id });
    }
    return viewerUser;
  }

  /** A real cost-12 hash of a random string, so unknown e-mails take as long as wrong passwords. */
  private dummyHash(): Promise<string> {
    return (this.dummyHashPromise ??= this.hasher.hash(randomBytes(16).toString('hex')));
  }

  private async activeUser(userId: string): Promise<ViewerUser | null> {
    if (!UUID.test(userId)) return null;
    return this.viewers.through(userId, async () => {
      const { rows } = await this.pool.query<ViewerUser>({ name: 'auth-active-user', text: this.activeUserSql, values: [userId] });
      return rows[0] ?? null;
    });
  }
}

