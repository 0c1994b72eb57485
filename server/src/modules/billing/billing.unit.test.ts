import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../core/config';
import { stripeEndpointOptions } from './gateway/stripe-gateway';
import { PAYMENT_TRANSITIONS, PaymentStatus, judgeTransition } from './payment-status';
import { parseStripeForm } from './testing/fake-stripe';

const { PENDING, SUCCEEDED, FAILED, PARTIALLY_REFUNDED, REFUNDED, DISPUTED } = PaymentStatus;

describe('payment state machine', () => {
  it.each([
    [PENDING, SUCCEEDED, 'ALLOWED'],
    [PENDING, FAILED, 'ALLOWED'],
    [FAILED, SUCCEEDED, 'ALLOWED'],
    [SUCCEEDED, PARTIALLY_REFUNDED, 'ALLOWED'],
    [SUCCEEDED, REFUNDED, 'ALLOWED'],
    [SUCCEEDED, DISPUTED, 'ALLOWED'],
    [PARTIALLY_REFUNDED, PARTIALLY_REFUNDED, 'ALLOWED'],
    [PARTIALLY_REFUNDED, REFUNDED, 'ALLOWED'],
    [PARTIALLY_REFUNDED, DISPUTED, 'ALLOWED'],
    [SUCCEEDED, SUCCEEDED, 'UNCHANGED'],
    [FAILED, FAILED, 'UNCHANGED'],
    [REFUNDED, REFUNDED, 'UNCHANGED'],
    [PENDING, REFUNDED, 'TOO_EARLY'],
    [PENDING, PARTIALLY_REFUNDED, 'TOO_EARLY'],
    [PENDING, DISPUTED, 'TOO_EARLY'],
    [FAILED, REFUNDED, 'TOO_EARLY'],
    [SUCCEEDED, FAILED, 'ILLEGAL'],
    [SUCCEEDED, PENDING, 'ILLEGAL'],
    [REFUNDED, PARTIALLY_REFUNDED, 'ILLEGAL'],
    [REFUNDED, SUCCEEDED, 'ILLEGAL'],
    [DISPUTED, REFUNDED, 'ILLEGAL'],
    [DISPUTED, SUCCEEDED, 'ALLOWED'], // dispute won
    [DISPUTED, PARTIALLY_REFUNDED, 'ALLOWED'], // dispute won after a partial refund
    [DISPUTED, FAILED, 'ILLEGAL'],
  ])('%s → %s is %s', (from, to, verdict) => {
    expect(judgeTransition(from, to)).toBe(verdict);
  });

  it('ends in REFUNDED, leaves DISPUTED only for a won dispute, and never returns to PENDING', () => {
    expect(PAYMENT_TRANSITIONS[REFUNDED]).toEqual([]);
    expect(PAYMENT_TRANSITIONS[DISPUTED]).toEqual([SUCCEEDED, PARTIALLY_REFUNDED]);
    for (const targets of Object.values(PAYMENT_TRANSITIONS)) expect(targets).not.toContain(PENDING);
  });
});

describe('Stripe configuration', () => {
  it('points the SDK at STRIPE_API_BASE by host, port and protocol', () => {
    expect(stripeEndpointOptions('http://127.0.0.1:12111')).toEqual({ host: '127.0.0.1', port: '12111', protocol: 'http' });
    expect(stripeEndpointOptions('https://stripe-mock.internal')).toEqual({ host: 'stripe-mock.internal', port: '443', protocol: 'https' });
    expect(stripeEndpointOptions(undefined)).toEqual({});
  });

  it('reads the Stripe variables and refuses a production key without a webhook secret', () => {
    const base = { JWT_SECRET: randomBytes(32).toString('hex'), DATA_DIR: '/tmp/vg-config-test' };
    expect(loadConfig({ ...base, STRIPE_SECRET_KEY: 'sk_1', STRIPE_WEBHOOK_SECRET: 'whsec_1', STRIPE_API_BASE: 'http://127.0.0.1:1' }).stripe).toEqual({
      secretKey: 'sk_1',
      webhookSecret: 'whsec_1',
      apiBase: 'http://127.0.0.1:1',
    });
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_1' })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(() => loadConfig({ ...base, STRIPE_API_BASE: 'ftp://x/y' })).toThrow(/STRIPE_API_BASE/);
  });
});

describe('fake Stripe form parsing', () => {
  it('reads bracket notation as Stripe does', () => {
    expect(parseStripeForm('mode=payment&metadata[userId]=u1&line_items[0][price_data][unit_amount]=1000&expand[0]=payment_method')).toEqual({
      mode: 'payment',
      metadata: { userId: 'u1' },
      line_items: [{ price_data: { unit_amount: '1000' } }],
      expand: ['payment_method'],
    });
  });
});
