import Stripe from 'stripe';
import type { StripeConfig } from '../../../core/config';
import { CheckoutRequest, PaymentDetails, PaymentGateway, PaymentProviderError, RefundRequest } from './payment-gateway';

/** Turns STRIPE_API_BASE (http://127.0.0.1:12111) into the SDK's host, port and protocol options. */
export function stripeEndpointOptions(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? '80' : '443'), protocol };
}

/** Stripe over HTTP through the official SDK. */
export class StripeGateway implements PaymentGateway {
  readonly mode = 'LIVE' as const;
  readonly keepsCustomers = true;
  private readonly stripe: Stripe;

  constructor(config: Required<Pick<StripeConfig, 'secretKey'>> & StripeConfig) {
    this.stripe = new Stripe(config.secretKey, {
      ...stripeEndpointOptions(config.apiBase),
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      appInfo: { name: 'VisionGate' },
    });
  }

  async createCustomer(input: { userId: string; email: string; name: string }): Promise<string> {
    // Seed 001 §3: Stripe gets the e-mail, the name and our user id, nothing else.
    const customer = await this.call('create the Stripe customer', () =>
      this.stripe.customers.create({ email: input.email, name: input.name, metadata: { userId: input.userId } }),
    );
    return customer.id;
  }

  async deleteCustomer(customerId: string): Promise<void> {
    try {
      await this.stripe.customers.del(customerId);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeError && error.code === 'resource_missing') return;
      throw toProviderError('delete the Stripe customer', error);
    }
  }

  async createCheckoutSession(input: CheckoutRequest): Promise<{ sessionId: string; url: string }> {
    const metadata = { userId: input.userId, packId: input.packId, paymentId: input.paymentId };
    const session = await this.call('start the Stripe checkout', () =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          ...(input.customerId ? { customer: input.customerId } : {}),
          client_reference_id: input.userId,
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: input.currency,
                unit_amount: input.amountCents,
                product_data: { name: input.productName },
              },
            },
          ],
          metadata,
          // The intent carries our ids too: its failure and refund events do not name the session.
          payment_intent_data: { metadata },
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        },
        { idempotencyKey: `checkout-${input.paymentId}` },
      ),
    );
    if (!session.url) throw new PaymentProviderError('Stripe returned a checkout session without a URL');
    return { sessionId: session.id, url: session.url };
  }

  async retrievePaymentDetails(paymentIntentId: string): Promise<PaymentDetails> {
    const intent = await this.call('read the payment from Stripe', () =>
      this.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['payment_method'] }),
    );
    let method = intent.payment_method;
    if (typeof method === 'string') {
      const id = method;
      method = await this.call('read the payment method from Stripe', () => this.stripe.paymentMethods.retrieve(id));
    }
    return {
      paymentIntentId: intent.id,
      paymentId: intent.metadata?.paymentId ?? null,
      cardBrand: method?.card?.brand ?? null,
      cardLast4: method?.card?.last4 ?? null,
    };
  }

  async refund(input: RefundRequest): Promise<{ refundId: string; status: string }> {
    const refund = await this.call('refund through Stripe', () =>
      this.stripe.refunds.create(
        { payment_intent: input.paymentIntentId, amount: input.amountCents, metadata: { paymentId: input.paymentId } },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return { refundId: refund.id, status: refund.status ?? 'pending' };
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toProviderError(what, error);
    }
  }
}

function toProviderError(what: string, error: unknown): PaymentProviderError {
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return new PaymentProviderError(`Could not ${what}: Stripe is unreachable`, error.message);
  }
  if (error instanceof Stripe.errors.StripeError) {
    // Card and request errors carry a message written for people; others stay generic.
    const shown = error.rawType === 'invalid_request_error' || error.rawType === 'card_error' ? `: ${error.message}` : '';
    return new PaymentProviderError(`Could not ${what}${shown}`, error.message, error.statusCode);
  }
  return new PaymentProviderError(`Could not ${what}`, error instanceof Error ? error.message : String(error));
}
