/**
 * What billing needs from a payment provider, and nothing more. The Stripe implementation talks
 * HTTP to Stripe (or any Stripe-compatible server); the TEST MODE one completes purchases locally.
 * Webhook events of both arrive in Stripe's shape through the same handler.
 */
export interface PaymentGateway {
  /** 'TEST' marks everything shown to users as TEST MODE. */
  readonly mode: 'LIVE' | 'TEST';
  /** False when customers are not kept at the provider (TEST MODE). */
  readonly keepsCustomers: boolean;

  createCustomer(input: { userId: string; email: string; name: string }): Promise<string>;
  /** Succeeds when the customer is already gone. */
  deleteCustomer(customerId: string): Promise<void>;
  createCheckoutSession(input: CheckoutRequest): Promise<{ sessionId: string; url: string }>;
  retrievePaymentDetails(paymentIntentId: string): Promise<PaymentDetails>;
  refund(input: RefundRequest): Promise<{ refundId: string; status: string }>;
}

export interface CheckoutRequest {
  paymentId: string;
  userId: string;
  packId: string;
  customerId: string | null;
  productName: string;
  amountCents: number;
  currency: string;
  /** `{CHECKOUT_SESSION_ID}` is replaced by the provider. */
  successUrl: string;
  cancelUrl: string;
}

export interface PaymentDetails {
  paymentIntentId: string;
  /** Our payment id from the intent's metadata, when it is one of ours. */
  paymentId: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
}

export interface RefundRequest {
  paymentId: string;
  paymentIntentId: string;
  amountCents: number;
  /** Same key → same refund at the provider (a double-clicked button refunds once). */
  idempotencyKey: string;
}

/** The provider failed or could not be reached; the message is safe to show. */
export class PaymentProviderError extends Error {
  constructor(
    message: string,
    readonly providerMessage?: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}
