import { badInput, conflict, notFound } from '../../core/errors';
import type { RequestContext } from '../../core/context';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../core/clock';
import { keysetPage } from '../../db/keyset-page';
import type { Keyset } from '../../graphql/pagination';
import type { SessionService } from '../auth';
import type { BillingService, CreditPack, CreditPackFields } from '../billing';
import type { ContactMessage, ContactService } from '../contact';
import { CreditsService, LedgerEntry, LedgerReason } from '../credits';
import type { DataRightsRequest, DataRightsRequestStatus, PrivacyService } from '../privacy';
import { isUuid } from '../../graphql/pagination';
import { User, UsersService } from '../users';
import type { FeatureCatalogueService, FeatureInfo, VisionFeature } from '../vision';
import type { AuditRecord, AuditService } from './audit.service';

/** Who acts, from where: every admin action is audited with both. */
export interface Actor {
  userId: string;
  ip: string | null;
}

/** The acting administrator of a request (resolvers behind @Authorized(Role.ADMIN) only). */
export const actorOf = (ctx: RequestContext): Actor => ({ userId: ctx.viewer!.userId, ip: ctx.ip });

/** What an admin action records; who and from where come from its Actor. */
type AuditEntry = Omit<AuditRecord, 'actorId' | 'ip'>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Administrator operations (seed 001 §2 "Admin operations"); each change is audited in its transaction. */
export class AdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly sessions: Pick<SessionService, 'revokeAll'>,
    private readonly credits: CreditsService,
    private readonly contact: ContactService,
    private readonly privacy: Pick<PrivacyService, 'requests'>,
    private readonly billing: BillingService,
    private readonly visionFeatures: FeatureCatalogueService,
  ) {}

  /** Every admin action is audited with who did it and from where. */
  private audited(actor: Actor, entry: AuditEntry, manager?: EntityManager): Promise<void> {
    return this.audit.record({ ...entry, actorId: actor.userId, ip: actor.ip }, manager);
  }

  /** Makes a change and writes its audit entry in one transaction: both commit, or neither. */
  private changeAudited<T>(actor: Actor, change: (manager: EntityManager) => Promise<{ result: T; audit: AuditEntry }>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const { result, audit } = await change(manager);
      await this.audited(actor, audit, manager);
      return result;
    });
  }

  /** Newest accounts first; `search` matches e-mail, names or company (case-insensitive) or the id. */
  searchUsers(search: string | null | undefined, first: number, after?: Keyset): Promise<User[]> {
    const query = this.dataSource.getRepository(User).createQueryBuilder('u');
    const term = search?.trim();
    if (term) {
      const pattern = `%${escapeLike(term)}%`;
      if (isUuid(term)) query.andWhere('u.id = :id', { id: term });
      else
        query.andWhere(
          `(u.email ILIKE :pattern OR u.first_name ILIKE :pattern OR u.last_name ILIKE :pattern
            OR u.company ILIKE :pattern OR (u.first_name || ' ' || u.last_name) ILIKE :pattern)`,
          { pattern },
        );
    }
    return keysetPage(query, first, after).getMany();
  }

  /** One account, deleted ones included; viewing personal data is itself audited. */
  async viewUser(actor: Actor, userId: string): Promise<User> {
    const user = isUuid(userId) ? await this.users.findById(userId) : null;
    if (!user) throw notFound('User');
    await this.audited(actor, { action: 'user.view', targetType: 'User', targetId: userId });
    return user;
  }

  /** Grant (positive) or take (negative) credits: ledger row, balance and audit entry commit together. */
  async adjustCredits(actor: Actor, input: { userId: string; delta: number; reason: string }): Promise<LedgerEntry> {
    const reason = input.reason.trim();
    if (reason.length < 3) throw badInput('reason', 'reason must be at least 3 characters');
    const entryId = await this.changeAudited(actor, async (manager) => {
      const [user] = await manager.query('SELECT credits FROM users WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [input.userId]);
      if (!user) throw notFound('User');
      const applied = await this.credits.apply(
        { userId: input.userId, delta: input.delta, reason: LedgerReason.ADMIN_ADJUSTMENT, note: `${reason} (by admin ${actor.userId})` },
        manager,
      );
      const after = { credits: applied.balanceAfter, delta: input.delta, reason, ledgerEntryId: applied.entryId };
      return { result: applied.entryId, audit: { action: 'credits.adjust', targetType: 'User', targetId: input.userId, before: { credits: user.credits }, after } };
    });
    return this.dataSource.getRepository(LedgerEntry).findOneByOrFail({ id: entryId });
  }

  /**
   * Disabling ends the user's sessions at once (revoked rows and a token version bump) and
   * AuthService refuses disabled accounts for cookies and API tokens alike.
   */
  async setUserDisabled(actor: Actor, userId: string, disabled: boolean): Promise<User> {
    if (userId === actor.userId && disabled) throw badInput('userId', 'You cannot disable your own account');
    await this.changeAudited(actor, async (manager) => {
      const [user] = await manager.query('SELECT disabled, deleted_at FROM users WHERE id = $1 FOR UPDATE', [userId]);
      if (!user) throw notFound('User');
      if (user.deleted_at) throw conflict('This account was deleted');
      await manager.query(
        `UPDATE users SET disabled = $2, token_version = token_version + (CASE WHEN $2 THEN 1 ELSE 0 END), updated_at = $3
         WHERE id = $1`,
        [userId, disabled, this.clock.now()],
      );
      if (disabled) await this.sessions.revokeAll(userId, manager);
      const action = disabled ? 'user.disable' : 'user.enable';
      return { result: undefined, audit: { action, targetType: 'User', targetId: userId, before: { disabled: user.disabled }, after: { disabled } } };
    });
    return this.users.getById(userId);
  }

  async setContactMessageHandled(actor: Actor, id: string, handled: boolean): Promise<ContactMessage> {
    if (!isUuid(id)) throw notFound('Contact message');
    return this.changeAudited(actor, async (manager) => {
      const { before, after } = await this.contact.setHandled(id, handled, actor.userId, manager);
      const action = handled ? 'contactMessage.handle' : 'contactMessage.reopen';
      const handling = (message: ContactMessage) => ({ handledAt: message.handledAt, handledBy: message.handledBy });
      return { result: after, audit: { action, targetType: 'ContactMessage', targetId: id, before: handling(before), after: handling(after) } };
    });
  }

  async resolveDataRightsRequest(
    actor: Actor,
    input: { id: string; status: DataRightsRequestStatus; resolution: string },
  ): Promise<DataRightsRequest> {
    return this.changeAudited(actor, async (manager) => {
      const { before, after } = await this.privacy.requests.resolve(actor.userId, input, manager);
      const change = { before: { status: before.status }, after: { status: after.status, resolution: after.resolution } };
      return { result: after, audit: { action: 'dataRightsRequest.resolve', targetType: 'DataRightsRequest', targetId: input.id, ...change } };
    });
  }

  /** Asks Stripe for a refund (the webhook applies it); audited once Stripe accepted the request. */
  async refundPayment(actor: Actor, paymentId: string, amountCents: number) {
    const refund = await this.billing.requestRefund(actor.userId, paymentId, amountCents);
    await this.audited(actor, {
      action: 'payment.refund',
      targetType: 'Payment',
      targetId: paymentId,
      after: { amountCents, refundId: refund.refundId, status: refund.status },
    });
    return refund;
  }

  async createCreditPack(actor: Actor, fields: CreditPackFields): Promise<CreditPack> {
    return this.changeAudited(actor, async (manager) => {
      const pack = await this.billing.createPack(fields, manager);
      return { result: pack, audit: { action: 'creditPack.create', targetType: 'CreditPack', targetId: pack.id, after: packFields(pack) } };
    });
  }

  async updateCreditPack(actor: Actor, id: string, fields: CreditPackFields): Promise<CreditPack> {
    return this.changeAudited(actor, async (manager) => {
      const { before, after } = await this.billing.updatePack(id, fields, manager);
      return { result: after, audit: { action: 'creditPack.update', targetType: 'CreditPack', targetId: id, before: packFields(before), after: packFields(after) } };
    });
  }

  async setFeaturePrice(actor: Actor, feature: VisionFeature, credits: number): Promise<FeatureInfo> {
    return this.changeAudited(actor, async (manager) => {
      const { before, after } = await this.visionFeatures.setPrice(actor.userId, feature, credits, manager);
      return { result: after, audit: { action: 'featurePrice.set', targetType: 'Feature', targetId: null, before: { feature, credits: before }, after: { feature, credits } } };
    });
  }
}

const packFields = (pack: CreditPack) => ({ name: pack.name, credits: pack.credits, priceCents: pack.priceCents, currency: pack.currency, active: pack.active });
