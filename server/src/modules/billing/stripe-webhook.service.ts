import Stripe from 'stripe';
import { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { EventBus } from '../../core/events';
import type { Logger } from '../../core/logger';
import { PaymentDetails, PaymentGateway, PaymentProviderError } from './gateway/payment-gateway';
import { Payment } from './payment.entity';
import { PaymentSettlement, SettlementOutcome } from './payment-settlement';
import { StripeEventOutcome } from './stripe-event.entity';

/** Seconds a signature stays valid (Stripe's default); older deliveries are replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface WebhookReply {
  status: number;
  body: Record<string, unknown>;
}

type Outcome = SettlementOutcome | { kind: 'DUPLICATE'; detail: string };

/** Network reads done before the transaction, so no row lock waits on Stripe. */
interface Prepared {
  paid?: { paymentIntentId: string | null; cardBrand: string | null; cardLast4: string | null };
  /** Our payment id behind a payment intent we have not linked yet (out-of-order events). */
  paymentIdOfIntent?: string | null;
}

class Deferred extends Error {}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === 'string' ? value : value.id;

/**
 * `POST /webhooks/stripe` and the TEST MODE checkout both end here: the signature is checked with
 * the SDK, the event id is stored in the same transaction as its effect (a unique index makes
 * every redelivery, concurrent or late, a no-op), and the effect goes through PaymentSettlement.
 */
export class StripeWebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settlement: PaymentSettlement,
    private readonly gateway: PaymentGateway | null,
    private readonly webhookSecret: string | undefined,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  /** Verifies and applies one delivery; the reply is what the HTTP route answers. */
  async receive(rawBody: Buffer | string, signature: string | undefined): Promise<WebhookReply> {
    let event: Stripe.Event;
    try {
      if (!this.webhookSecret) throw new Error('STRIPE_WEBHOOK_SECRET is not set');
      event = Stripe.webhooks.constructEvent(
        rawBody,
        signature ?? '',
        this.webhookSecret,
        SIGNATURE_TOLERANCE_SECONDS,
        undefined,
        this.clock.now().getTime(),
      );
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message.split('\n')[0] }, 'stripe webhook refused: bad signature');
      return { status: 400, body: { error: 'Invalid or missing Stripe signature' } };
    }
    if (typeof event?.id !== 'string' || typeof event.type !== 'string' || !event.data?.object) {
      return { status: 400, body: { error: 'Not a Stripe event' } };
    }
    try {
      const outcome = await this.process(event);
      const log = { eventId: event.id, type: event.type, outcome: outcome.kind, detail: outcome.detail };
      if (outcome.kind === 'DEFERRED') {
        // Not stored: Stripe retries with backoff and a later delivery finds the payment ready.
        this.logger.warn(log, 'stripe event deferred');
        return { status: 409, body: { received: false, retry: true, reason: outcome.detail } };
      }
      this.logger.info(log, 'stripe event processed');
      return { status: 200, body: { received: true, outcome: outcome.kind } };
    } catch (error) {
      this.logger.error({ err: error, eventId: event.id, type: event.type }, 'stripe event failed');
      return { status: 500, body: { error: 'Event could not be processed; retry later' } };
    }
  }

  private async process(event: Stripe.Event): Promise<Outcome> {
    const [seen] = await this.dataSource.query('SELECT 1 FROM stripe_events WHERE event_id = $1', [event.id]);
    if (seen) return { kind: 'DUPLICATE', detail: 'already processed' };
    const prepared = await this.prepare(event);
    try {
      const { outcome, payment } = await this.dataSource.transaction(async (manager) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO stripe_events (event_id, type, outcome, livemode, event_created_at, processed_at)
           VALUES ($1, $2, $3, $4, to_timestamp($5), $6)
           ON CONFLICT (event_id) DO NOTHING RETURNING id`,
          [event.id, event.type.slice(0, 100), StripeEventOutcome.APPLIED, !!event.livemode, event.created ?? null, this.clock.now()],
        );
        // A concurrent delivery of the same event committed first: its effect is the one.
        if (inserted.length === 0) return { outcome: { kind: 'DUPLICATE', detail: 'processed concurrently' } as Outcome, payment: null };
        const applied = await this.apply(manager, event, prepared);
        // Rolls back the event row too, so a later delivery is processed afresh.
        if (applied.outcome.kind === 'DEFERRED') throw new Deferred(applied.outcome.detail);
        await manager.query('UPDATE stripe_events SET outcome = $2, detail = $3, payment_id = $4 WHERE event_id = $1', [
          event.id,
          applied.outcome.kind,
          applied.outcome.detail.slice(0, 500),
          applied.payment?.id ?? null,
        ]);
        return { outcome: applied.outcome as Outcome, payment: applied.payment ?? null };
      });
      // After commit: the confirmation mail must never announce credits that were rolled back.
      if (outcome.kind === 'APPLIED' && outcome.succeeded && payment?.userId) {
        this.events.emit('payment.succeeded', { userId: payment.userId, paymentId: payment.id });
      }
      return outcome;
    } catch (error) {
      if (error instanceof Deferred) return { kind: 'DEFERRED', detail: error.message };
      throw error;
    }
  }

  private async prepare(event: Stripe.Event): Promise<Prepared> {
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = event.data.object as Stripe.Checkout.Session;
        const intentId = idOf(session.payment_intent);
        if (session.payment_status === 'unpaid') return {};
        return { paid: { paymentIntentId: intentId, ...(await this.cardOf(intentId)) } };
      }
      case 'charge.refunded':
      case 'charge.dispute.created':
      case 'charge.dispute.closed': {
        const intentId = idOf((event.data.object as Stripe.Charge | Stripe.Dispute).payment_intent);
        return { paymentIdOfIntent: await this.paymentIdOfUnlinkedIntent(intentId) };
      }
      default:
        return {};
    }
  }

  private async apply(manager: EntityManager, event: Stripe.Event, prepared: Prepared): Promise<{ outcome: SettlementOutcome; payment?: Payment | null }> {
    const s = this.settlement;
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = event.data.object as Stripe.Checkout.Session;
        const payment = await s.lock(manager, { checkoutSessionId: session.id });
        if (!payment) return { outcome: { kind: 'IGNORED', detail: `unknown checkout session ${session.id}` } };
        if (session.amount_total != null && (session.amount_total !== payment.amountCents || session.currency !== payment.currency)) {
          this.logger.error({ paymentId: payment.id, amountTotal: session.amount_total, currency: session.currency }, 'checkout amount differs from the payment');
        }
        if (!prepared.paid) return { payment, outcome: await s.awaitAsyncPayment(manager, payment, idOf(session.payment_intent)) };
        return { payment, outcome: await s.succeed(manager, payment, prepared.paid) };
      }
      case 'checkout.session.async_payment_failed':
      case 'checkout.session.expired': {
        const session = event.data.object as Stripe.Checkout.Session;
        const payment = await s.lock(manager, { checkoutSessionId: session.id });
        if (!payment) return { outcome: { kind: 'IGNORED', detail: `unknown checkout session ${session.id}` } };
        const reason = event.type === 'checkout.session.expired' ? 'Checkout expired' : 'The payment did not go through';
        return { payment, outcome: await s.fail(manager, payment, reason, idOf(session.payment_intent)) };
      }
      case 'payment_intent.payment_failed': {
        const intent = event.data.object as Stripe.PaymentIntent;
        const payment = await this.lockOfIntent(manager, intent.id, isUuid(intent.metadata?.paymentId) ? intent.metadata.paymentId : null);
        if (!payment) return { outcome: { kind: 'IGNORED', detail: `unknown payment intent ${intent.id}` } };
        const reason = intent.last_payment_error?.message ?? 'The payment was declined';
        return { payment, outcome: await s.fail(manager, payment, reason, intent.id) };
      }
      case 'charge.refunded':
      case 'charge.dispute.created':
      case 'charge.dispute.closed': {
        const object = event.data.object as Stripe.Charge | Stripe.Dispute;
        const intentId = idOf(object.payment_intent);
        const payment = await this.lockOfIntent(manager, intentId ?? undefined, prepared.paymentIdOfIntent);
        if (!payment) return { outcome: { kind: 'IGNORED', detail: `unknown payment intent ${intentId}` } };
        if (event.type === 'charge.refunded') {
          return { payment, outcome: await s.refund(manager, payment, (object as Stripe.Charge).amount_refunded) };
        }
        if (event.type === 'charge.dispute.closed') {
          return { payment, outcome: await s.closeDispute(manager, payment, (object as Stripe.Dispute).status === 'won') };
        }
        return { payment, outcome: await s.dispute(manager, payment, (object as Stripe.Dispute).amount) };
      }
      default:
        return { outcome: { kind: 'IGNORED', detail: `event type ${event.type} is not used` } };
    }
  }

  /** The payment of a payment intent, locked: found by the intent's id, else by our payment id when one is known. */
  private async lockOfIntent(manager: EntityManager, intentId: string | undefined, paymentId: string | null | undefined): Promise<Payment | null> {
    return (await this.settlement.lock(manager, { paymentIntentId: intentId })) ?? (paymentId ? await this.settlement.lock(manager, { id: paymentId }) : null);
  }

  /** Card brand and last 4 for the payment history; the credits do not wait for them. */
  private async cardOf(intentId: string | null): Promise<{ cardBrand: string | null; cardLast4: string | null }> {
    if (!intentId || !this.gateway) return { cardBrand: null, cardLast4: null };
    try {
      const details: PaymentDetails = await this.gateway.retrievePaymentDetails(intentId);
      return { cardBrand: details.cardBrand, cardLast4: details.cardLast4 };
    } catch (error) {
      this.logger.warn({ err: error, paymentIntentId: intentId }, 'card details unavailable; crediting without them');
      return { cardBrand: null, cardLast4: null };
    }
  }

  /**
   * A refund or dispute may arrive before the checkout completion that links the intent to our
   * payment. The intent's metadata names the payment; unknown intents are not ours.
   */
  private async paymentIdOfUnlinkedIntent(intentId: string | null): Promise<string | null> {
    if (!intentId || !this.gateway) return null;
    const [linked] = await this.dataSource.query('SELECT 1 FROM payments WHERE payment_intent_id = $1', [intentId]);
    if (linked) return null;
    try {
      const details = await this.gateway.retrievePaymentDetails(intentId);
      return isUuid(details.paymentId) ? details.paymentId : null;
    } catch (error) {
      if (error instanceof PaymentProviderError && error.statusCode === 404) return null;
      // Stripe unreachable: the event is answered 500 and delivered again later.
      throw error;
    }
  }
}

function isUuid(value: string | null | undefined): value is string {
  return !!value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
