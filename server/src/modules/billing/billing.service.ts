import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { Config } from '../../core/config';
import { AppError, ErrorCode, badInput, conflict, notFound } from '../../core/errors';
import type { EventBus } from '../../core/events';
import type { Logger } from '../../core/logger';
import type { Keyset } from '../../graphql/pagination';
import { CreditsService } from '../credits';
import { checkoutUrls } from './checkout-urls';
import { CreditPack } from './credit-pack.entity';
import { PaymentGateway, PaymentProviderError } from './gateway/payment-gateway';
import { StripeGateway } from './gateway/stripe-gateway';
import { TestModeEventSender, TestModeGateway } from './gateway/test-mode-gateway';
import { Payment } from './payment.entity';
import { PaymentSettlement } from './payment-settlement';
import { PaymentStatus } from './payment-status';
import { StripeWebhookService, WebhookReply } from './stripe-webhook.service';
import { TestCheckout } from './test-checkout';

export interface CreditPackFields {
  name: string;
  credits: number;
  priceCents: number;
  currency: string;
  active: boolean;
  sortOrder: number;
}

export interface StartedCheckout {
  url: string;
  sessionId: string;
  paymentId: string;
  testMode: boolean;
}

export interface RequestedRefund {
  paymentId: string;
  refundId: string;
  amountCents: number;
  status: string;
}

const REFUNDABLE = new Set<PaymentStatus>([PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED]);

export const paymentsDisabled = () =>
  new AppError(ErrorCode.PROVIDER_ERROR, 'Payments are not set up on this server (STRIPE_SECRET_KEY is missing)', {
    reason: 'PAYMENTS_DISABLED',
  });

const providerFailure = (error: unknown) => {
  if (error instanceof PaymentProviderError) return new AppError(ErrorCode.PROVIDER_ERROR, error.message);
  return error;
};

/**
 * Credit packs, checkout, payment history, refunds and Stripe customers. Status changes and
 * credit movements of payments happen only in PaymentSettlement, driven by webhook events.
 */
export class BillingService {
  /** One customer creation per user at a time inside this process (registration vs first checkout). */
  private readonly creatingCustomers = new Map<string, Promise<string | null>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    /** Null in production without STRIPE_SECRET_KEY: checkout is unavailable. */
    readonly gateway: PaymentGateway | null,
    readonly webhooks: StripeWebhookService,
    /** The TEST MODE checkout page, when the gateway is the test one. */
    readonly testCheckout: TestCheckout | null,
    private readonly logger: Logger,
  ) {}

  get testMode(): boolean {
    return this.gateway?.mode === 'TEST';
  }

  // ---- credit packs ----

  listPacks(includeInactive = false): Promise<CreditPack[]> {
    return this.dataSource.getRepository(CreditPack).find({
      where: includeInactive ? {} : { active: true },
      order: { sortOrder: 'ASC', priceCents: 'ASC' },
    });
  }

  createPack(fields: CreditPackFields, manager: EntityManager = this.dataSource.manager): Promise<CreditPack> {
    const repo = manager.getRepository(CreditPack);
    return repo.save(repo.create(this.cleanPack(fields)));
  }

  /** Past payments keep their own snapshot (credits, price, name), so edits never rewrite history. */
  async updatePack(id: string, fields: CreditPackFields, manager: EntityManager = this.dataSource.manager): Promise<{ before: CreditPack; after: CreditPack }> {
    const repo = manager.getRepository(CreditPack);
    const pack = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!pack) throw notFound('Credit pack');
    const before = { ...pack };
    return { before, after: await repo.save(Object.assign(pack, this.cleanPack(fields))) };
  }

  private cleanPack(fields: CreditPackFields): CreditPackFields {
    const name = fields.name.trim();
    if (!name) throw badInput('name', 'name must not be blank');
    return { ...fields, name, currency: fields.currency.toLowerCase() };
  }

  // ---- checkout ----

  /** A Checkout Session for one pack and its PENDING payment row; the webhook completes it. */
  async startCheckout(userId: string, packId: string): Promise<StartedCheckout> {
    if (!this.gateway) throw paymentsDisabled();
    const pack = await this.dataSource.getRepository(CreditPack).findOneBy({ id: packId, active: true });
    if (!pack) throw notFound('Credit pack');
    const customerId = await this.ensureCustomer(userId);
    const paymentId = randomUUID();
    const urls = checkoutUrls(this.config.publicUrl);
    let session: { sessionId: string; url: string };
    try {
      session = await this.gateway.createCheckoutSession({
        paymentId,
        userId,
        packId: pack.id,
        customerId,
        productName: `${pack.name}: ${pack.credits} VisionGate credits`,
        amountCents: pack.priceCents,
        currency: pack.currency,
        successUrl: urls.success,
        cancelUrl: urls.cancel,
      });
    } catch (error) {
      this.logger.warn({ err: error, userId, packId }, 'checkout session could not be created');
      throw providerFailure(error);
    }
    // Written after Stripe answered: a failed call leaves no row behind; a session without a row just expires.
    await this.dataSource.getRepository(Payment).insert({
      id: paymentId,
      userId,
      status: PaymentStatus.PENDING,
      amountCents: pack.priceCents,
      currency: pack.currency,
      credits: pack.credits,
      packId: pack.id,
      packName: pack.name,
      checkoutSessionId: session.sessionId,
    });
    return { url: session.url, sessionId: session.sessionId, paymentId, testMode: this.testMode };
  }

  // ---- payment history ----

  /** Newest first, keyset pagination on (created_at, id). */
  payments(filter: { userId?: string | null; status?: PaymentStatus | null }, first: number, before?: Keyset): Promise<Payment[]> {
    const query = this.dataSource
      .getRepository(Payment)
      .createQueryBuilder('p')
      .leftJoinAndSelect('p.pack', 'pack')
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(first);
    if (filter.userId) query.andWhere('p.user_id = :userId', { userId: filter.userId });
    if (filter.status) query.andWhere('p.status = :status', { status: filter.status });
    if (before) query.andWhere('(p.created_at, p.id) < (:createdAt, :id)', before);
    return query.getMany();
  }

  findPayment(paymentId: string): Promise<Payment | null> {
    return this.dataSource.getRepository(Payment).findOne({ where: { id: paymentId }, relations: { pack: true } });
  }

  /** One line for mails and receipts: "Growth: 500 credits for $40.00 (visa •••• 4242)"; '' when unknown. */
  async describePayment(paymentId: string): Promise<string> {
    const payment = await this.findPayment(paymentId);
    if (!payment) return '';
    const price = new Intl.NumberFormat('en-US', { style: 'currency', currency: payment.currency.toUpperCase() }).format(payment.amountCents / 100);
    const card = payment.cardBrand && payment.cardLast4 ? ` (${payment.cardBrand} •••• ${payment.cardLast4})` : '';
    return `${payment.packName}: ${payment.credits} credits for ${price}${card}${this.testMode ? ' [TEST MODE]' : ''}`;
  }

  /**
   * Retention: payments older than `cutoff` (7 years, seed 001 §6) and their Stripe event records
   * go; so do event records of nobody's payment older than the cutoff. Returns payments deleted.
   */
  async purgePaymentsCreatedBefore(cutoff: Date, manager: EntityManager = this.dataSource.manager): Promise<number> {
    await manager.query('DELETE FROM stripe_events WHERE payment_id IN (SELECT id FROM payments WHERE created_at < $1)', [cutoff]);
    await manager.query('DELETE FROM stripe_events WHERE payment_id IS NULL AND processed_at < $1', [cutoff]);
    const [, count] = await manager.query('DELETE FROM payments WHERE created_at < $1', [cutoff]);
    return count ?? 0;
  }

  // ---- refunds ----

  /** Asks Stripe to refund; the charge.refunded webhook then changes the payment and the credits. */
  async requestRefund(adminId: string, paymentId: string, amountCents: number): Promise<RequestedRefund> {
    const payment = await this.dataSource.getRepository(Payment).findOneBy({ id: paymentId });
    if (!payment) throw notFound('Payment');
    if (!REFUNDABLE.has(payment.status) || !payment.paymentIntentId) {
      throw conflict(`A ${payment.status.toLowerCase()} payment cannot be refunded`);
    }
    const left = payment.amountCents - payment.refundedCents;
    if (amountCents > left) throw badInput('amountCents', `At most ${left} cents of this payment can still be refunded`);
    if (!this.gateway) throw paymentsDisabled();
    try {
      const refund = await this.gateway.refund({
        paymentId: payment.id,
        paymentIntentId: payment.paymentIntentId,
        amountCents,
        // A repeated request for the same refund (double click, retry) refunds once.
        idempotencyKey: `refund-${payment.id}-${payment.refundedCents}-${amountCents}`,
      });
      this.logger.info({ adminId, paymentId, amountCents, refundId: refund.refundId }, 'refund requested');
      return { paymentId, refundId: refund.refundId, amountCents, status: refund.status };
    } catch (error) {
      this.logger.warn({ err: error, adminId, paymentId, amountCents }, 'refund failed at the provider');
      throw providerFailure(error);
    }
  }

  // ---- Stripe customers ----

  /**
   * The user's Stripe customer, created when missing (at registration, or at the first checkout
   * when Stripe was unreachable then). Null when the gateway keeps no customers (TEST MODE).
   */
  ensureCustomer(userId: string): Promise<string | null> {
    if (!this.gateway?.keepsCustomers) return Promise.resolve(null);
    const running = this.creatingCustomers.get(userId);
    if (running) return running;
    const run = this.createCustomerOnce(userId, this.gateway).finally(() => this.creatingCustomers.delete(userId));
    this.creatingCustomers.set(userId, run);
    return run;
  }

  private async createCustomerOnce(userId: string, gateway: PaymentGateway): Promise<string> {
    const user = await this.customerFields(userId);
    if (user.stripe_customer_id) return user.stripe_customer_id;
    let customerId: string;
    try {
      customerId = await gateway.createCustomer({ userId, email: user.email, name: `${user.first_name} ${user.last_name}`.trim() });
    } catch (error) {
      throw providerFailure(error);
    }
    const [claimed] = await this.dataSource.query(
      `UPDATE users SET stripe_customer_id = $2, updated_at = now() WHERE id = $1 AND stripe_customer_id IS NULL RETURNING id`,
      [userId, customerId],
    );
    if (claimed.length === 0) {
      // Another server process created one at the same moment: keep theirs, drop ours.
      await gateway.deleteCustomer(customerId).catch((error) => this.logger.warn({ err: error, customerId }, 'duplicate Stripe customer not deleted'));
      return (await this.customerFields(userId)).stripe_customer_id!;
    }
    return customerId;
  }

  private async customerFields(userId: string) {
    const [user]: Array<{ email: string; first_name: string; last_name: string; stripe_customer_id: string | null }> =
      await this.dataSource.query(
        'SELECT email, first_name, last_name, stripe_customer_id FROM users WHERE id = $1 AND deleted_at IS NULL',
        [userId],
      );
    if (!user) throw notFound('User');
    return user;
  }

  /**
   * For account deletion: deletes the user's Stripe customer (name, e-mail) and forgets its id.
   * Safe without a customer or gateway. Returns whether a customer was deleted; throws
   * PROVIDER_ERROR when Stripe cannot be reached (call again later).
   */
  async deleteCustomerOf(userId: string): Promise<boolean> {
    const [user]: Array<{ stripe_customer_id: string | null }> = await this.dataSource.query(
      'SELECT stripe_customer_id FROM users WHERE id = $1',
      [userId],
    );
    const customerId = user?.stripe_customer_id;
    if (!customerId) return false;
    if (this.gateway?.keepsCustomers) {
      try {
        await this.gateway.deleteCustomer(customerId);
      } catch (error) {
        throw providerFailure(error);
      }
    } else {
      this.logger.warn({ userId }, 'Stripe customer id forgotten without deleting it: Stripe is not configured');
    }
    await this.dataSource.query('UPDATE users SET stripe_customer_id = NULL, updated_at = now() WHERE id = $1 AND stripe_customer_id = $2', [
      userId,
      customerId,
    ]);
    return true;
  }

  /**
   * For account deletion: payment rows stay 7 years for the books (seed 001 §6) but no longer
   * point at the person; the card's last 4 digits go too. Returns the number of rows detached.
   */
  async detachPaymentsOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [, count] = await manager.query(
      'UPDATE payments SET user_id = NULL, card_last4 = NULL, updated_at = now() WHERE user_id = $1',
      [userId],
    );
    return count ?? 0;
  }
}

/** Builds billing for one app: the gateway by configuration, the webhook handler, TEST MODE. */
export function createBillingService(deps: {
  config: Config;
  dataSource: DataSource;
  credits: CreditsService;
  events: EventBus;
  logger: Logger;
  clock: Clock;
}): BillingService {
  const { config, dataSource, credits, events, logger, clock } = deps;
  const publicUrl = config.publicUrl.replace(/\/+$/, '');
  const settlement = new PaymentSettlement(credits, logger, clock);

  if (config.stripe.secretKey) {
    if (!config.stripe.webhookSecret) logger.error('STRIPE_WEBHOOK_SECRET is not set: every Stripe webhook will be refused');
    const gateway = new StripeGateway({ ...config.stripe, secretKey: config.stripe.secretKey });
    const webhooks = new StripeWebhookService(dataSource, settlement, gateway, config.stripe.webhookSecret, events, logger, clock);
    return new BillingService(dataSource, config, gateway, webhooks, null, logger);
  }
  if (config.production) {
    logger.warn('STRIPE_SECRET_KEY is not set: credit purchases are unavailable');
    const webhooks = new StripeWebhookService(dataSource, settlement, null, config.stripe.webhookSecret, events, logger, clock);
    return new BillingService(dataSource, config, null, webhooks, null, logger);
  }
  // TEST MODE: events are signed with a local secret and go through the same webhook handler.
  const localSecret = config.stripe.webhookSecret ?? `whsec_test_${randomBytes(24).toString('hex')}`;
  // The sender delivers into the webhook handler built right below (called only after both exist).
  const sender: TestModeEventSender = new TestModeEventSender(localSecret, clock, (rawBody, signature): Promise<WebhookReply> =>
    webhooks.receive(rawBody, signature),
  );
  const gateway = new TestModeGateway(publicUrl, dataSource, sender);
  const webhooks: StripeWebhookService = new StripeWebhookService(dataSource, settlement, gateway, localSecret, events, logger, clock);
  logger.warn('STRIPE_SECRET_KEY is not set: billing runs in TEST MODE (no real payments)');
  return new BillingService(dataSource, config, gateway, webhooks, new TestCheckout(dataSource, sender, publicUrl), logger);
}
