import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import type { Clock } from '../../../core/clock';
import type { WebhookReply } from '../stripe-webhook.service';
import { CheckoutRequest, PaymentDetails, PaymentGateway, PaymentProviderError, RefundRequest } from './payment-gateway';

export const TEST_CARD = { brand: 'visa', last4: '4242' } as const;

/** Test-mode ids carry our payment id, as Stripe's intents carry it in their metadata. */
export const testIntentIdOf = (paymentId: string) => `pi_test_${paymentId.replace(/-/g, '')}`;
const testChargeIdOf = (paymentId: string) => `ch_test_${paymentId.replace(/-/g, '')}`;
function paymentIdOfTestIntent(intentId: string): string | null {
  const hex = /^pi_test_([0-9a-f]{32})$/.exec(intentId)?.[1];
  return hex ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : null;
}

/**
 * Plays Stripe's part in TEST MODE: builds events in Stripe's wire shape, signs them with the
 * local webhook secret through the SDK, and hands them to the webhook handler exactly as the
 * HTTP route does (`receive(rawBody, signatureHeader)`), so no path skips signature or dedupe.
 */
export class TestModeEventSender {
  constructor(
    private readonly webhookSecret: string,
    private readonly clock: Clock,
    private readonly receive: (rawBody: Buffer, signature: string) => Promise<WebhookReply>,
  ) {}

  async send(type: string, object: Record<string, unknown>): Promise<WebhookReply> {
    const created = Math.floor(this.clock.now().getTime() / 1000);
    const payload = JSON.stringify({
      id: `evt_test_${randomBytes(12).toString('hex')}`,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: this.webhookSecret, timestamp: created });
    return this.receive(Buffer.from(payload), signature);
  }
}

interface TestPaymentRow {
  id: string;
  amount_cents: number;
  refunded_cents: number;
  currency: string;
}

/** TEST MODE (no STRIPE_SECRET_KEY, outside production): checkout on our own page, no network. */
export class TestModeGateway implements PaymentGateway {
  readonly mode = 'TEST' as const;
  readonly keepsCustomers = false;
  /** Same idempotency key → same refund, as at Stripe. */
  private readonly refunds = new Map<string, Promise<{ refundId: string; status: string }>>();

  constructor(
    private readonly publicUrl: string,
    private readonly dataSource: DataSource,
    private readonly sender: TestModeEventSender,
  ) {}

  async createCustomer(): Promise<string> {
    throw new PaymentProviderError('TEST MODE keeps no customers');
  }

  async deleteCustomer(): Promise<void> {}

  async createCheckoutSession(_input: CheckoutRequest): Promise<{ sessionId: string; url: string }> {
    const sessionId = `cs_test_${randomBytes(20).toString('hex')}`;
    return { sessionId, url: `${this.publicUrl}/test-checkout/${sessionId}` };
  }

  async retrievePaymentDetails(paymentIntentId: string): Promise<PaymentDetails> {
    const paymentId = paymentIdOfTestIntent(paymentIntentId);
    if (!paymentId) throw new PaymentProviderError(`No such payment_intent: ${paymentIntentId}`, undefined, 404);
    return { paymentIntentId, paymentId, cardBrand: TEST_CARD.brand, cardLast4: TEST_CARD.last4 };
  }

  /** Refunds at once and reports them the way Stripe does: a signed charge.refunded event. */
  refund(input: RefundRequest): Promise<{ refundId: string; status: string }> {
    const known = this.refunds.get(input.idempotencyKey);
    if (known) return known;
    const run = this.refundOnce(input);
    this.refunds.set(input.idempotencyKey, run);
    run.catch(() => this.refunds.delete(input.idempotencyKey));
    return run;
  }

  private async refundOnce(input: RefundRequest): Promise<{ refundId: string; status: string }> {
    const [payment]: TestPaymentRow[] = await this.dataSource.query(
      'SELECT id, amount_cents, refunded_cents, currency FROM payments WHERE payment_intent_id = $1',
      [input.paymentIntentId],
    );
    if (!payment) throw new PaymentProviderError(`No such payment_intent: ${input.paymentIntentId}`, undefined, 404);
    const refunded = payment.refunded_cents + input.amountCents;
    if (refunded > payment.amount_cents) {
      throw new PaymentProviderError(`Could not refund: the refund is larger than what is left of the charge (${payment.amount_cents - payment.refunded_cents} cents)`);
    }
    const reply = await this.sender.send('charge.refunded', {
      id: testChargeIdOf(payment.id),
      object: 'charge',
      amount: payment.amount_cents,
      amount_refunded: refunded,
      refunded: refunded === payment.amount_cents,
      currency: payment.currency,
      paid: true,
      status: 'succeeded',
      payment_intent: input.paymentIntentId,
      livemode: false,
    });
    if (reply.status >= 300) throw new PaymentProviderError('Could not apply the TEST MODE refund');
    return { refundId: `re_test_${randomBytes(12).toString('hex')}`, status: 'succeeded' };
  }
}
