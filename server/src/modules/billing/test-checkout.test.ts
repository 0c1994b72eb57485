import Stripe from 'stripe';
import { signUp, signUpAdmin, startTestServer, TestServer, useTestServer } from '../../test/harness';
import { promise } from '../privacy-promises/promise-test';

const PACKS = '{ creditPacks { id name credits priceCents } }';
const CHECKOUT = 'mutation Checkout($packId: ID!) { createCheckoutSession(packId: $packId) { url sessionId paymentId testMode } }';
const REFUND = 'mutation Refund($paymentId: ID!, $amountCents: Int!) { refundPayment(paymentId: $paymentId, amountCents: $amountCents) { refundId status } }';

describe('TEST MODE checkout (no STRIPE_SECRET_KEY, outside production)', () => {
  let server: TestServer;
  let starter: { id: string };

  beforeAll(async () => {
    server = await startTestServer({ env: { PUBLIC_URL: 'http://app.example.test', SIGNUP_RATE_LIMIT: '1000' } });
    starter = (await server.client().ok(PACKS)).creditPacks[0];
  });
  afterAll(() => server.close());

  /** The checkout URL points at the public origin; tests reach the same path on the test server. */
  const onServer = (url: string) => `${server.url}${new URL(url).pathname}`;
  const payment = async (id: string) => (await server.dataSource.query('SELECT * FROM payments WHERE id = $1', [id]))[0];

  async function startCheckout() {
    const client = server.client();
    const user = await signUp(client);
    const { createCheckoutSession } = await client.ok(CHECKOUT, { packId: starter.id });
    return { client, user, ...createCheckoutSession };
  }

  it('says so in billingSettings and keeps no Stripe customers', async () => {
    const { user, client } = await startCheckout();
    expect((await client.ok('{ billingSettings { available testMode } }')).billingSettings).toEqual({ available: true, testMode: true });
    await server.app.services.events.settle();
    const [row] = await server.dataSource.query('SELECT stripe_customer_id FROM users WHERE id = $1', [user.id]);
    expect(row.stripe_customer_id).toBeNull();
  });

  it('pays end to end over HTTP: TEST MODE page, Pay, signed event through the webhook handler, redirect to the client', async () => {
    const checkout = await startCheckout();
    expect(checkout.testMode).toBe(true);
    expect(checkout.url).toBe(`http://app.example.test/test-checkout/${checkout.sessionId}`);
    expect(await payment(checkout.paymentId)).toMatchObject({ status: 'PENDING', amount_cents: 1000, credits: 100 });

    const page = await fetch(onServer(checkout.url));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('TEST MODE');
    expect(html).toContain('Starter: 100 credits');
    expect(html).toContain('$10.00');
    expect(html).toContain(`action="/test-checkout/${checkout.sessionId}/pay"`);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' http://app.example.test");

    const receive = jest.spyOn(server.app.services.billing.webhooks, 'receive');
    try {
      const paid = await fetch(`${onServer(checkout.url)}/pay`, { method: 'POST', redirect: 'manual' });
      expect(paid.status).toBe(303);
      expect(paid.headers.get('location')).toBe(`http://app.example.test/billing/success?session_id=${checkout.sessionId}`);
      // The very same entry point as POST /webhooks/stripe: raw body and a Stripe-Signature header.
      expect(receive).toHaveBeenCalledTimes(1);
      const [rawBody, signature] = receive.mock.calls[0];
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const event = JSON.parse(rawBody.toString());
      expect(event).toMatchObject({ object: 'event', type: 'checkout.session.completed', livemode: false, data: { object: { id: checkout.sessionId, payment_status: 'paid' } } });
    } finally {
      receive.mockRestore();
    }

    expect(await payment(checkout.paymentId)).toMatchObject({ status: 'SUCCEEDED', card_brand: 'visa', card_last4: '4242' });
    expect(await server.app.services.credits.balance(checkout.user.id)).toBe(150);
    const events = await server.dataSource.query('SELECT event_id, type, outcome FROM stripe_events WHERE payment_id = $1', [checkout.paymentId]);
    expect(events).toEqual([{ event_id: expect.stringMatching(/^evt_test_/), type: 'checkout.session.completed', outcome: 'APPLIED' }]);
    const { payments } = await checkout.client.ok('{ payments { nodes { status cardBrand cardLast4 credits } } }');
    expect(payments.nodes).toEqual([{ status: 'SUCCEEDED', cardBrand: 'visa', cardLast4: '4242', credits: 100 }]);

    // Paying the same session again cannot grant twice.
    const again = await fetch(`${onServer(checkout.url)}/pay`, { method: 'POST', redirect: 'manual' });
    expect(again.status).toBe(303);
    expect(await server.app.services.credits.balance(checkout.user.id)).toBe(150);
    expect(await (await fetch(onServer(checkout.url))).text()).toContain('already succeeded');
  });

  it('declines: payment FAILED, redirect to the cancel page, no credits; a retry on the same session can still pay', async () => {
    const checkout = await startCheckout();
    const declined = await fetch(`${onServer(checkout.url)}/decline`, { method: 'POST', redirect: 'manual' });
    expect(declined.status).toBe(303);
    expect(declined.headers.get('location')).toBe('http://app.example.test/billing/cancel');
    expect(await payment(checkout.paymentId)).toMatchObject({ status: 'FAILED', failure_reason: 'Your card was declined. (TEST MODE)' });
    expect(await server.app.services.credits.balance(checkout.user.id)).toBe(50);

    expect(await (await fetch(onServer(checkout.url))).text()).toContain('declined');
    await fetch(`${onServer(checkout.url)}/pay`, { method: 'POST', redirect: 'manual' });
    expect((await payment(checkout.paymentId)).status).toBe('SUCCEEDED');
    expect(await server.app.services.credits.balance(checkout.user.id)).toBe(150);
  });

  it('answers 404 for unknown sessions', async () => {
    const unknown = `${server.url}/test-checkout/cs_test_${'0'.repeat(40)}`;
    expect((await fetch(unknown)).status).toBe(404);
    expect((await fetch(`${unknown}/pay`, { method: 'POST', redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${server.url}/test-checkout/%3Cscript%3E`)).status).toBe(404);
  });

  promise('001-5-webhook-signatures', 'refuses events signed by anyone else at POST /webhooks/stripe', async () => {
    const checkout = await startCheckout();
    const payload = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'checkout.session.completed',
      data: { object: { id: checkout.sessionId, object: 'checkout.session', payment_status: 'paid', payment_intent: 'pi_x' } },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_guessed' });
    const response = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'stripe-signature': signature }, body: payload });
    expect(response.status).toBe(400);
    expect((await payment(checkout.paymentId)).status).toBe('PENDING');
  });

  it('refunds through the same webhook path (admin refundPayment)', async () => {
    const checkout = await startCheckout();
    await fetch(`${onServer(checkout.url)}/pay`, { method: 'POST', redirect: 'manual' });
    const admin = server.client();
    await signUpAdmin(server, admin);
    const { refundPayment } = await admin.ok(REFUND, { paymentId: checkout.paymentId, amountCents: 500 });
    expect(refundPayment).toEqual({ refundId: expect.stringMatching(/^re_test_/), status: 'succeeded' });
    expect(await payment(checkout.paymentId)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded_cents: 500, credits_reversed: 50 });
    expect(await server.app.services.credits.balance(checkout.user.id)).toBe(100);
    const types = await server.dataSource.query('SELECT type FROM stripe_events WHERE payment_id = $1 ORDER BY processed_at', [checkout.paymentId]);
    expect(types.map((t: { type: string }) => t.type)).toEqual(['checkout.session.completed', 'charge.refunded']);
  });

  it('audits the admin billing and pricing actions with before and after', async () => {
    const checkout = await startCheckout();
    await fetch(`${onServer(checkout.url)}/pay`, { method: 'POST', redirect: 'manual' });
    const admin = server.client();
    const adminUser = await signUpAdmin(server, admin);
    await admin.ok(REFUND, { paymentId: checkout.paymentId, amountCents: 200 });
    const { createCreditPack: pack } = await admin.ok('mutation C($i: CreditPackInput!) { createCreditPack(input: $i) { id } }', {
      i: { name: 'Audited', credits: 10, priceCents: 100 },
    });
    await admin.ok('mutation U($id: ID!, $i: CreditPackInput!) { updateCreditPack(id: $id, input: $i) { id } }', {
      id: pack.id,
      i: { name: 'Audited', credits: 12, priceCents: 100 },
    });
    await admin.ok('mutation P($i: SetFeaturePriceInput!) { setFeaturePrice(input: $i) { credits } }', { i: { feature: 'TEXT_RECOGNITION', credits: 3 } });

    const rows: Array<{ action: string; target_id: string | null; actor_id: string; before: any; after: any }> = await server.dataSource.query(
      `SELECT action, target_id, actor_id, before, after FROM audit_log WHERE actor_id = $1 AND action <> 'user.view'`,
      [adminUser.id],
    );
    expect(rows.map((r) => r.action).sort()).toEqual(['creditPack.create', 'creditPack.update', 'featurePrice.set', 'payment.refund']);
    const entry = (action: string) => rows.find((r) => r.action === action)!;
    expect(entry('payment.refund')).toMatchObject({ target_id: checkout.paymentId, after: { amountCents: 200, status: 'succeeded' } });
    expect(entry('creditPack.create')).toMatchObject({ target_id: pack.id, after: { name: 'Audited', credits: 10, priceCents: 100 } });
    expect(entry('creditPack.update')).toMatchObject({ target_id: pack.id, before: { credits: 10 }, after: { credits: 12 } });
    expect(entry('featurePrice.set')).toMatchObject({ before: { feature: 'TEXT_RECOGNITION' }, after: { feature: 'TEXT_RECOGNITION', credits: 3 } });
    expect(typeof entry('featurePrice.set').before.credits).toBe('number');
  });
});

describe('production without STRIPE_SECRET_KEY', () => {
  const server = useTestServer({ config: { production: true } });

  it('has no checkout: a clear PROVIDER_ERROR, no TEST MODE page, no payment row', async () => {
    const client = server.client();
    await signUp(client);
    const [pack] = (await client.ok(PACKS)).creditPacks;
    const result = await client.request(CHECKOUT, { packId: pack.id });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'PROVIDER_ERROR', reason: 'PAYMENTS_DISABLED' });
    expect(result.errors?.[0].message).toMatch(/STRIPE_SECRET_KEY/);
    expect((await client.ok('{ billingSettings { available testMode } }')).billingSettings).toEqual({ available: false, testMode: false });
    expect((await server.dataSource.query('SELECT count(*)::int AS n FROM payments'))[0].n).toBe(0);
    // No TEST MODE routes at all (a GET may fall through to the client app's index.html).
    const page = await fetch(`${server.url}/test-checkout/cs_test_${'0'.repeat(40)}`);
    expect(await page.text()).not.toContain('TEST MODE');
    expect((await fetch(`${server.url}/test-checkout/cs_test_${'0'.repeat(40)}/pay`, { method: 'POST', redirect: 'manual' })).status).toBe(404);
  });
});
