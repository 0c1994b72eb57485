import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { badInput, unauthenticated } from '../../core/errors';
import { DataRightsRequestType } from './data-rights-request.entity';
import type { PrivacyDeps } from './privacy.needs';

type AccountDeletionDeps = Pick<
  PrivacyDeps,
  'dataSource' | 'clock' | 'logger' | 'events' | 'auth' | 'sessions' | 'users' | 'billing' | 'accessLogs' | 'storedResults' | 'webhookEndpoints' | 'requests'
>;

/** The address that replaces an erased one: unique, and undeliverable by definition (RFC 2606). */
export const tombstoneEmail = () => `deleted-${randomUUID()}@deleted.invalid`;

export interface DeletionSummary {
  apiTokensDeleted: number;
  sessionsDeleted: number;
  consumptionLogsAnonymised: number;
  paymentsDetached: number;
  contactMessagesDeleted: number;
  storedResultsDeleted: number;
  webhookEndpointsDeleted: number;
  accessLogsUnlinked: number;
  stripeCustomerDeleted: boolean;
}

/**
 * Right to erasure (seed 001 §6, §8), at once:
 * 1. the Stripe customer is deleted first; if Stripe is unreachable nothing else happens and the
 *    user may retry (PROVIDER_ERROR), so no half-deleted account is left behind;
 * 2. the receipt is mailed (or held in the outbox) while the address still exists;
 * 3. one transaction erases the PII, ends sessions (rows deleted, token version) and tokens, anonymises the
 *    consumption log, detaches payments (kept 7 years without PII) and records the request.
 * The row stays as a tombstone so ledger and payment records keep their integrity; its e-mail
 * is a unique placeholder, so the real address can register again.
 */
export class AccountDeletionService {
  constructor(private readonly deps: AccountDeletionDeps) {}

  async deleteAccount(userId: string, password: string): Promise<DeletionSummary> {
    const { auth, users, events, billing } = this.deps;
    const user = await users.getById(userId);
    if (user.deletedAt) throw unauthenticated('This account no longer exists');
    if (!(await auth.verifyPassword(userId, password))) throw badInput('password', 'The password is wrong');

    const stripeCustomerDeleted = await billing.deleteCustomerOf(userId);
    await events.emitAndWait('user.deleting', { userId, email: user.email });

    const summary = await this.deps.dataSource.transaction(async (manager) => {
      const [erased] = await manager.query(
        `UPDATE users SET email = $2, first_name = '', last_name = '', company = NULL, password_hash = NULL,
                signup_ip = NULL, stripe_customer_id = NULL, token_version = token_version + 1,
                notify_email = false, notify_usage_alerts = false, notify_security_alerts = false,
                notify_marketing = false, deleted_at = $3, updated_at = $3
         WHERE id = $1 AND deleted_at IS NULL
         RETURNING id`,
        [userId, tombstoneEmail(), this.deps.clock.now()],
      );
      // A parallel deletion got here first: it did the work.
      if (erased.length === 0) throw unauthenticated('This account no longer exists');
      return { stripeCustomerDeleted, ...(await this.eraseLinkedData(userId, user.email, manager)) };
    });
    this.deps.logger.info({ userId, ...summary }, 'account deleted');
    events.emit('user.deleted', { userId });
    return summary;
  }

  private async eraseLinkedData(userId: string, email: string, manager: EntityManager): Promise<Omit<DeletionSummary, 'stripeCustomerDeleted'>> {
    const { billing, accessLogs, storedResults, requests } = this.deps;
    const count = async (sql: string, params: unknown[]) => ((await manager.query(sql, params))[1] ?? 0) as number;

    // TODO(api-tokens): use an ApiTokensService method (e.g. deleteAllOf(userId, manager)) once it exists.
    // Seed 001 §6: "API tokens: Deleted immediately … upon account deletion" (their log rows keep a NULL token id).
    const apiTokensDeleted = await count(`DELETE FROM api_tokens WHERE user_id = $1`, [userId]);
    // Every device is signed out at once; the rows go with their IP addresses.
    const sessionsDeleted = await this.deps.sessions.deleteAllOf(userId, manager);
    // TODO(metering): use a metering method (e.g. anonymiseUser(userId, manager)) once it exists.
    const consumptionLogsAnonymised = await count(
      `UPDATE consumption_logs SET user_id = NULL, image_url = NULL WHERE user_id = $1`,
      [userId],
    );
    // Stored call results (replays) can hold image-derived data.
    await manager.query(`DELETE FROM idempotency_keys WHERE user_id = $1`, [userId]);
    const paymentsDetached = await billing.detachPaymentsOf(userId, manager);
    const contactMessagesDeleted = await count(`DELETE FROM contact_messages WHERE user_id = $1 OR lower(email) = lower($2)`, [userId, email]);
    const storedResultsDeleted = await storedResults.deleteAllOf(userId, manager);
    const accessLogsUnlinked = await accessLogs.unlinkUser(userId, manager);
    // Endpoints (and their sealed secrets), the account signing secret, deliveries with their payloads.
    const webhookEndpointsDeleted = await this.deps.webhookEndpoints.deleteAllOf(userId, manager);
    // Mail kept in the outbox holds the address; only the deletion receipt stays (purged after 30 days).
    await manager.query(`DELETE FROM outbox WHERE user_id = $1 AND kind <> 'ACCOUNT_DELETED'`, [userId]);
    await manager.query(`DELETE FROM notification_throttle WHERE user_id = $1`, [userId]);
    await requests.closeForErasure(userId, manager);
    await requests.record(userId, DataRightsRequestType.DELETE, {}, manager);
    return { apiTokensDeleted, sessionsDeleted, consumptionLogsAnonymised, paymentsDetached, contactMessagesDeleted, storedResultsDeleted, webhookEndpointsDeleted, accessLogsUnlinked };
  }
}
