import { GraphQLTestClient, TestServer, signUp, signUpAdmin, startTestServer } from '../../test/harness';
import { LedgerReason } from '../credits/ledger-entry.entity';
import { FakeStripe } from './testing/fake-stripe';
import { promise } from '../privacy-promises/promise-test';

const PACKS = '{ creditPacks { id name credits priceCents currency } }';
const CHECKOUT = 'mutation Checkout($packId: ID!) { createCheckoutSession(packId: $packId) { url sessionId paymentId testMode } }';
const MY_PAYMENTS = `query Mine($first: Int, $after: String) { payments(first: $first, after: $after) {
  nodes { id status amountCents currency credits packName pack { name } cardBrand cardLast4 refundedCents shortfallCredits createdAt }
  pageInfo { hasNextPage endCursor } } }`;
const REFUND = 'mutation Refund($paymentId: ID!, $amountCents: Int!) { refundPayment(paymentId: $paymentId, amountCents: $amountCents) { paymentId refundId amountCents status } }';

interface Purchase {
  userId: string;
  client: GraphQLTestClient;
  paymentId: string;
  sessionId: string;
}

describe('billing through Stripe (fake Stripe on loopback)', () => {
  let fake: FakeStripe;
  let server: TestServer;
  let packs: Array<{ id: string; name: string; credits: number; priceCents: number; currency: string }>;

  beforeAll(async () => {
    fake = await new FakeStripe().start();
    // Many buyers register from 127.0.0.1 here; the hourly sign-up limit per IP is not under test.
    server = await startTestServer({ env: { ...fake.env, SIGNUP_RATE_LIMIT: '1000' } });
    packs = (await server.client().ok(PACKS)).creditPacks;
  });
  afterAll(async () => {
    await server.close();
    await fake.stop();
  });

  const packNamed = (name: string) => packs.find((p) => p.name === name)!;

  async function deliver(event: Record<string, any>, options: { secret?: string; timestamp?: number; signature?: string | null } = {}) {
    const signed = fake.sign(event, options);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signature = options.signature === undefined ? signed.signature : options.signature;
    if (signature !== null) headers['stripe-signature'] = signature;
    const response = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers, body: signed.payload });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  /**
   * A signed-in buyer with the 50-credit bonus, inserted directly: these tests are about payments,
   * and a cost-12 bcrypt hash per buyer would only slow them down (registration is tested above).
   */
  async function quickBuyer(): Promise<{ client: GraphQLTestClient; userId: string }> {
    const client = server.client();
    const [{ id }] = await server.dataSource.query(
      `INSERT INTO users (email, first_name, last_name, terms_accepted_at, age_confirmed_at)
       VALUES ($1, 'Ada', 'Lovelace', now(), now()) RETURNING id`,
      [`buyer-${Math.random().toString(36).slice(2)}@example.com`],
    );
    await server.app.services.credits.apply({ userId: id, delta: 50, reason: LedgerReason.SIGNUP_BONUS, reference: id });
    const { cookie } = await server.app.services.sessions.create(id, 0, { ip: null, userAgent: null });
    client.storeCookies(new Headers({ 'set-cookie': cookie }));
    return { client, userId: id };
  }

  async function startPurchase(packName = 'Starter', client?: GraphQLTestClient): Promise<Purchase> {
    const buyer = client ?? (await quickBuyer()).client;
    const userId = (await buyer.ok('{ me { id } }')).me.id;
    const { createCheckoutSession } = await buyer.ok(CHECKOUT, { packId: packNamed(packName).id });
    return { userId, client: buyer, paymentId: createCheckoutSession.paymentId, sessionId: createCheckoutSession.sessionId };
  }

  /** Checkout paid at Stripe and its completion webhook delivered. */
  async function completePurchase(packName = 'Starter', client?: GraphQLTestClient) {
    const purchase = await startPurchase(packName, client);
    const reply = await deliver(fake.event('checkout.session.completed', fake.paySession(purchase.sessionId)));
    expect(reply.status).toBe(200);
    return { ...purchase, intentId: fake.sessions.get(purchase.sessionId)!.payment_intent as string };
  }

  const payment = async (id: string) => (await server.dataSource.query('SELECT * FROM payments WHERE id = $1', [id]))[0];
  const balance = (userId: string) => server.app.services.credits.balance(userId);
  const ledger = (userId: string) =>
    server.dataSource.query(
      `SELECT delta, reason, reference, balance_after FROM credit_ledger WHERE user_id = $1 AND reason <> 'SIGNUP_BONUS' ORDER BY created_at, balance_after DESC`,
      [userId],
    );
  const storedEvent = async (eventId: string) => (await server.dataSource.query('SELECT * FROM stripe_events WHERE event_id = $1', [eventId]))[0];

  it('lists the seeded credit packs to anyone, cheapest first', async () => {
    expect(packs.map(({ name, credits, priceCents, currency }) => ({ name, credits, priceCents, currency }))).toEqual([
      { name: 'Starter', credits: 100, priceCents: 1000, currency: 'usd' },
      { name: 'Growth', credits: 500, priceCents: 4000, currency: 'usd' },
      { name: 'Scale', credits: 2000, priceCents: 12000, currency: 'usd' },
    ]);
    const client = server.client();
    await signUp(client);
    expect((await client.ok('{ billingSettings { available testMode } }')).billingSettings).toEqual({ available: true, testMode: false });
  });

  promise(['001-1.2-stripe-customer-at-signup', '001-3-stripe-minimum'], 'creates the Stripe customer at registration with name, e-mail and metadata userId only', async () => {
    const user = await signUp(server.client(), { firstName: 'Katherine', lastName: 'Johnson' });
    await server.app.services.events.settle();
    const [request] = fake.requestsTo('POST', '/v1/customers').filter((r) => r.params.email === user.email);
    expect(request.params).toEqual({ email: user.email, name: 'Katherine Johnson', metadata: { userId: user.id } });
    const [row] = await server.dataSource.query('SELECT stripe_customer_id FROM users WHERE id = $1', [user.id]);
    expect(row.stripe_customer_id).toMatch(/^cus_/);
    expect(fake.customers.get(row.stripe_customer_id)?.email).toBe(user.email);
  });

  it('creates a Checkout Session (payment mode, the customer, metadata, client URLs) and a PENDING payment', async () => {
    const before = fake.requestsTo('POST', '/v1/checkout/sessions').length;
    const purchase = await startPurchase('Growth');
    const requests = fake.requestsTo('POST', '/v1/checkout/sessions');
    expect(requests).toHaveLength(before + 1);
    const { params, headers } = requests[requests.length - 1];
    const [user] = await server.dataSource.query('SELECT stripe_customer_id FROM users WHERE id = $1', [purchase.userId]);
    const metadata = { userId: purchase.userId, packId: packNamed('Growth').id, paymentId: purchase.paymentId };
    expect(params).toMatchObject({
      mode: 'payment',
      customer: user.stripe_customer_id,
      client_reference_id: purchase.userId,
      metadata,
      payment_intent_data: { metadata },
      success_url: `${server.config.publicUrl}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${server.config.publicUrl}/billing/cancel`,
      line_items: [{ quantity: '1', price_data: { currency: 'usd', unit_amount: '4000' } }],
    });
    expect(params.line_items[0].price_data.product_data.name).toContain('500');
    expect(headers['idempotency-key']).toBe(`checkout-${purchase.paymentId}`);
    expect(await payment(purchase.paymentId)).toMatchObject({
      user_id: purchase.userId,
      status: 'PENDING',
      amount_cents: 4000,
      currency: 'usd',
      credits: 500,
      pack_name: 'Growth',
      checkout_session_id: purchase.sessionId,
      payment_intent_id: null,
    });
    expect(await balance(purchase.userId)).toBe(50);
  });

  promise(['001-1.2-no-card-data', '001-1.2-transaction-records', '000-1-payment-via-stripe'], 'on checkout.session.completed: SUCCEEDED, one PURCHASE ledger row, card brand and last 4, payment.succeeded after commit', async () => {
    const announced: Array<{ userId: string; paymentId: string }> = [];
    server.app.services.events.on('payment.succeeded', async (payload) => {
      const [row] = await server.dataSource.query('SELECT status FROM payments WHERE id = $1', [payload.paymentId]);
      announced.push({ ...payload, status: row.status } as never);
    });
    const purchase = await startPurchase('Growth');
    const session = fake.paySession(purchase.sessionId, { brand: 'mastercard', last4: '4444' });
    const reply = await deliver(fake.event('checkout.session.completed', session));
    expect(reply).toEqual({ status: 200, body: { received: true, outcome: 'APPLIED' } });

    expect(await payment(purchase.paymentId)).toMatchObject({
      status: 'SUCCEEDED',
      payment_intent_id: session.payment_intent,
      card_brand: 'mastercard',
      card_last4: '4444',
    });
    expect(await ledger(purchase.userId)).toEqual([
      { delta: 500, reason: LedgerReason.PURCHASE, reference: purchase.paymentId, balance_after: 550 },
    ]);
    const [intentRead] = fake.requestsTo('GET', `/v1/payment_intents/${session.payment_intent}`);
    expect(intentRead.params.expand).toEqual(['payment_method']);

    const { payments } = await purchase.client.ok(MY_PAYMENTS, { first: 10 });
    expect(payments.nodes).toEqual([
      expect.objectContaining({ id: purchase.paymentId, status: 'SUCCEEDED', amountCents: 4000, currency: 'usd', credits: 500, packName: 'Growth', pack: { name: 'Growth' }, cardBrand: 'mastercard', cardLast4: '4444' }),
    ]);
    await server.app.services.events.settle();
    expect(announced).toContainEqual({ userId: purchase.userId, paymentId: purchase.paymentId, status: 'SUCCEEDED' });
  });

  it('reads the payment method separately when the intent comes back unexpanded', async () => {
    fake.expandSupported = false;
    try {
      const purchase = await startPurchase();
      const session = fake.paySession(purchase.sessionId, { brand: 'amex', last4: '0005' });
      expect((await deliver(fake.event('checkout.session.completed', session))).status).toBe(200);
      const intent = fake.paymentIntents.get(session.payment_intent)!;
      expect(fake.requestsTo('GET', `/v1/payment_methods/${intent.payment_method}`)).toHaveLength(1);
      expect(await payment(purchase.paymentId)).toMatchObject({ status: 'SUCCEEDED', card_brand: 'amex', card_last4: '0005' });
    } finally {
      fake.expandSupported = true;
    }
  });

  it('still grants the credits when the card details cannot be read', async () => {
    const purchase = await startPurchase();
    const session = fake.paySession(purchase.sessionId);
    fake.failNext('GET', /^\/v1\/payment_intents\//, { status: 500, type: 'api_error', message: 'boom' });
    expect((await deliver(fake.event('checkout.session.completed', session))).status).toBe(200);
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'SUCCEEDED', card_brand: null, card_last4: null });
    expect(await balance(purchase.userId)).toBe(150);
  });

  it('applies the same event delivered 5 times once, answering 2xx every time', async () => {
    const purchase = await startPurchase();
    const event = fake.event('checkout.session.completed', fake.paySession(purchase.sessionId));
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await deliver(event));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(replies.slice(1).map((r) => r.body.outcome)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
    expect(await ledger(purchase.userId)).toHaveLength(1);
    expect(await balance(purchase.userId)).toBe(150);
  });

  it('applies 5 concurrent deliveries of the same event once', async () => {
    const purchase = await startPurchase('Scale');
    const event = fake.event('checkout.session.completed', fake.paySession(purchase.sessionId));
    const replies = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(replies.filter((r) => r.body.outcome === 'APPLIED')).toHaveLength(1);
    expect(await ledger(purchase.userId)).toEqual([{ delta: 2000, reason: 'PURCHASE', reference: purchase.paymentId, balance_after: 2050 }]);
    const [{ count }] = await server.dataSource.query('SELECT count(*)::int AS count FROM stripe_events WHERE event_id = $1', [event.id]);
    expect(count).toBe(1);
  });

  it('grants once when two different events report the same success (completed, then async_payment_succeeded)', async () => {
    const purchase = await startPurchase();
    const session = fake.paySession(purchase.sessionId);
    await deliver(fake.event('checkout.session.completed', session));
    const second = await deliver(fake.event('checkout.session.async_payment_succeeded', session));
    expect(second.body.outcome).toBe('IGNORED');
    expect(await ledger(purchase.userId)).toHaveLength(1);
  });

  it('waits in PENDING when the checkout completes unpaid (bank debit) and credits on async_payment_succeeded', async () => {
    const purchase = await startPurchase();
    fake.declineSession(purchase.sessionId); // the intent exists, payment still on its way
    const session: Record<string, any> = { ...fake.sessions.get(purchase.sessionId)!, status: 'complete', payment_status: 'unpaid' };
    expect((await deliver(fake.event('checkout.session.completed', session))).status).toBe(200);
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'PENDING', payment_intent_id: session.payment_intent });
    expect(await balance(purchase.userId)).toBe(50);
    const paid = fake.paySession(purchase.sessionId);
    expect((await deliver(fake.event('checkout.session.async_payment_succeeded', paid))).status).toBe(200);
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await balance(purchase.userId)).toBe(150);
  });

  it.each([
    ['checkout.session.async_payment_failed', 'The payment did not go through'],
    ['checkout.session.expired', 'Checkout expired'],
    ['payment_intent.payment_failed', 'Your card has insufficient funds.'],
  ])('marks the payment FAILED on %s without touching credits', async (type, reason) => {
    const purchase = await startPurchase();
    const object = type === 'payment_intent.payment_failed' ? fake.declineSession(purchase.sessionId) : { ...fake.sessions.get(purchase.sessionId)!, status: 'expired' };
    const reply = await deliver(fake.event(type, object));
    expect(reply).toEqual({ status: 200, body: { received: true, outcome: 'APPLIED' } });
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'FAILED', failure_reason: reason });
    expect(await ledger(purchase.userId)).toEqual([]);
    expect((await purchase.client.ok(MY_PAYMENTS)).payments.nodes[0]).toMatchObject({ status: 'FAILED' });
  });

  it('lets a declined attempt be followed by a successful one in the same session', async () => {
    const purchase = await startPurchase();
    await deliver(fake.event('payment_intent.payment_failed', fake.declineSession(purchase.sessionId)));
    expect((await payment(purchase.paymentId)).status).toBe('FAILED');
    await deliver(fake.event('checkout.session.completed', fake.paySession(purchase.sessionId)));
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'SUCCEEDED', failure_reason: null });
    expect(await balance(purchase.userId)).toBe(150);
  });

  it('refuses and logs an illegal transition (a late failure after success), answering 2xx so Stripe stops', async () => {
    const warn = jest.spyOn(server.app.services.logger, 'warn');
    try {
      const purchase = await completePurchase();
      const failed = fake.event('payment_intent.payment_failed', { ...fake.paymentIntents.get(purchase.intentId)!, status: 'requires_payment_method' });
      const reply = await deliver(failed);
      expect(reply).toEqual({ status: 200, body: { received: true, outcome: 'REFUSED' } });
      expect((await payment(purchase.paymentId)).status).toBe('SUCCEEDED');
      expect(await balance(purchase.userId)).toBe(150);
      expect(await storedEvent(failed.id)).toMatchObject({ outcome: 'REFUSED', payment_id: purchase.paymentId });
      expect(warn).toHaveBeenCalledWith({ paymentId: purchase.paymentId, from: 'SUCCEEDED', to: 'FAILED' }, 'illegal payment transition refused');
    } finally {
      warn.mockRestore();
    }
  });

  it('defers a refund that arrives before the checkout completion (409, nothing stored) and applies it on redelivery', async () => {
    const purchase = await startPurchase();
    fake.paySession(purchase.sessionId);
    const intentId = fake.sessions.get(purchase.sessionId)!.payment_intent;
    const completed = fake.event('checkout.session.completed', fake.sessions.get(purchase.sessionId)!);
    const refunded = fake.event('charge.refunded', fake.refundCharge(intentId));

    const early = await deliver(refunded);
    expect(early.status).toBe(409);
    expect(await storedEvent(refunded.id)).toBeUndefined();
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'PENDING', refunded_cents: 0 });
    expect(fake.requestsTo('GET', `/v1/payment_intents/${intentId}`).length).toBeGreaterThan(0);

    expect((await deliver(completed)).status).toBe(200);
    expect(await balance(purchase.userId)).toBe(150);
    const retried = await deliver(refunded);
    expect(retried).toEqual({ status: 200, body: { received: true, outcome: 'APPLIED' } });
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'REFUNDED', refunded_cents: 1000, credits_reversed: 100, shortfall_credits: 0 });
    expect(await balance(purchase.userId)).toBe(50);
  });

  it.each([
    ['a forged signature', { signature: 't=1700000000,v1=' + 'ab'.repeat(32) }],
    ['a signature made with another secret', { secret: 'whsec_not_the_right_one' }],
    ['no signature header', { signature: null }],
    ['a stale timestamp (10 minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ])('answers 400 to %s and changes nothing', async (_label, options) => {
    const purchase = await startPurchase();
    const event = fake.event('checkout.session.completed', fake.paySession(purchase.sessionId));
    const reply = await deliver(event, options as never);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'Invalid or missing Stripe signature', requestId: expect.any(String) });
    expect(await storedEvent(event.id)).toBeUndefined();
    expect((await payment(purchase.paymentId)).status).toBe('PENDING');
    expect(await balance(purchase.userId)).toBe(50);
  });

  promise('001-5-webhook-signatures', 'answers 400 to a tampered body with a valid-looking signature', async () => {
    const purchase = await startPurchase();
    const event = fake.event('checkout.session.completed', fake.paySession(purchase.sessionId));
    const { signature } = fake.sign(event);
    const tampered = JSON.stringify({ ...event, data: { object: { ...event.data.object, amount_total: 1 } } });
    const response = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'stripe-signature': signature }, body: tampered });
    expect(response.status).toBe(400);
    expect((await payment(purchase.paymentId)).status).toBe('PENDING');
  });

  it('takes all credits back on a full refund (REFUNDED)', async () => {
    const purchase = await completePurchase('Growth');
    const reply = await deliver(fake.event('charge.refunded', fake.refundCharge(purchase.intentId)));
    expect(reply.status).toBe(200);
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'REFUNDED', refunded_cents: 4000, credits_reversed: 500, shortfall_credits: 0 });
    expect(await ledger(purchase.userId)).toEqual([
      { delta: 500, reason: 'PURCHASE', reference: purchase.paymentId, balance_after: 550 },
      { delta: -500, reason: 'REFUND', reference: `${purchase.paymentId}:refunded:4000`, balance_after: 50 },
    ]);
  });

  it('takes credits back in proportion to partial refunds; replays and older totals change nothing', async () => {
    const purchase = await completePurchase('Growth'); // 500 credits for $40
    const first = fake.event('charge.refunded', fake.refundCharge(purchase.intentId, 1000));
    expect((await deliver(first)).status).toBe(200);
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded_cents: 1000, credits_reversed: 125 });
    expect(await balance(purchase.userId)).toBe(425);

    expect((await deliver(first)).body.outcome).toBe('DUPLICATE');
    const second = fake.event('charge.refunded', fake.refundCharge(purchase.intentId, 999));
    expect((await deliver(second)).status).toBe(200);
    // 1999 of 4000 cents → floor(500 × 1999 / 4000) = 249 credits in total
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded_cents: 1999, credits_reversed: 249 });
    expect(await balance(purchase.userId)).toBe(301);

    // An older snapshot (a different event id, smaller cumulative total) arriving late.
    const older = fake.event('charge.refunded', { ...first.data.object });
    expect((await deliver(older)).body.outcome).toBe('IGNORED');
    expect(await balance(purchase.userId)).toBe(301);

    expect((await deliver(fake.event('charge.refunded', fake.refundCharge(purchase.intentId))))).toMatchObject({ status: 200 });
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'REFUNDED', refunded_cents: 4000, credits_reversed: 500 });
    expect(await balance(purchase.userId)).toBe(50);
    // After a full refund, the late partial snapshot is an illegal move back.
    expect((await deliver(fake.event('charge.refunded', { ...second.data.object }))).body.outcome).toBe('REFUSED');
  });

  it('stops the balance at 0 and records the shortfall when the credits were already spent', async () => {
    const purchase = await completePurchase('Starter'); // balance 150
    await server.app.services.credits.apply({ userId: purchase.userId, delta: -130, reason: LedgerReason.CONSUMPTION, reference: `test-spend-${purchase.paymentId}` });
    expect((await deliver(fake.event('charge.refunded', fake.refundCharge(purchase.intentId)))).status).toBe(200);
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'REFUNDED', credits_reversed: 100, shortfall_credits: 80 });
    expect(await balance(purchase.userId)).toBe(0);
    const rows = await ledger(purchase.userId);
    expect(rows[rows.length - 1]).toEqual({ delta: -20, reason: 'REFUND', reference: `${purchase.paymentId}:refunded:1000`, balance_after: 0 });
    const { payments } = await purchase.client.ok(MY_PAYMENTS, { first: 1 });
    expect(payments.nodes[0]).toMatchObject({ status: 'REFUNDED', refundedCents: 1000, shortfallCredits: 80 });
  });

  it('marks a dispute DISPUTED, takes the credits back as CHARGEBACK, and refuses a refund afterwards', async () => {
    const purchase = await completePurchase('Growth');
    const dispute = fake.event('charge.dispute.created', fake.dispute(purchase.intentId));
    expect((await deliver(dispute)).body.outcome).toBe('APPLIED');
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'DISPUTED', disputed_cents: 4000, credits_reversed: 500 });
    expect((await ledger(purchase.userId)).pop()).toEqual({ delta: -500, reason: 'CHARGEBACK', reference: purchase.paymentId, balance_after: 50 });
    expect((await deliver(fake.event('charge.refunded', fake.refundCharge(purchase.intentId)))).body.outcome).toBe('REFUSED');
    expect(await balance(purchase.userId)).toBe(50);
  });

  it('gives the credits back when the dispute is won, once, and keeps the chargeback when it is lost', async () => {
    const won = await completePurchase('Growth'); // 50 + 500 credits
    expect((await deliver(fake.event('charge.dispute.created', fake.dispute(won.intentId)))).body.outcome).toBe('APPLIED');
    expect(await balance(won.userId)).toBe(50);
    const closedWon = fake.event('charge.dispute.closed', { ...fake.dispute(won.intentId), status: 'won' });
    const deliveries = await Promise.all([closedWon, closedWon, closedWon].map((event) => deliver(event)));
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(await payment(won.paymentId)).toMatchObject({ status: 'SUCCEEDED', disputed_cents: 0, credits_reversed: 0, shortfall_credits: 0 });
    expect(await balance(won.userId)).toBe(550);
    expect((await ledger(won.userId)).pop()).toEqual({ delta: 500, reason: 'CHARGEBACK', reference: `${won.paymentId}:dispute-won`, balance_after: 550 });
    // A later closing event with another id changes nothing either.
    const again = fake.event('charge.dispute.closed', { ...fake.dispute(won.intentId), status: 'won' });
    expect((await deliver(again)).body.outcome).toBe('IGNORED');
    expect(await balance(won.userId)).toBe(550);

    const spent = await completePurchase('Growth');
    await server.app.services.credits.apply({ userId: spent.userId, delta: -520, reason: LedgerReason.CONSUMPTION, reference: `test-spend-${spent.paymentId}` });
    await deliver(fake.event('charge.dispute.created', fake.dispute(spent.intentId)));
    expect(await payment(spent.paymentId)).toMatchObject({ status: 'DISPUTED', credits_reversed: 500, shortfall_credits: 470 });
    await deliver(fake.event('charge.dispute.closed', { ...fake.dispute(spent.intentId), status: 'won' }));
    // Only the 30 credits really taken come back; the 470 never taken are forgiven.
    expect(await payment(spent.paymentId)).toMatchObject({ status: 'SUCCEEDED', credits_reversed: 0, shortfall_credits: 0 });
    expect(await balance(spent.userId)).toBe(30);

    const lost = await completePurchase('Growth');
    await deliver(fake.event('charge.dispute.created', fake.dispute(lost.intentId)));
    const closedLost = fake.event('charge.dispute.closed', { ...fake.dispute(lost.intentId), status: 'lost' });
    expect(await deliver(closedLost)).toEqual({ status: 200, body: { received: true, outcome: 'IGNORED' } });
    expect(await payment(lost.paymentId)).toMatchObject({ status: 'DISPUTED', credits_reversed: 500 });
    expect(await balance(lost.userId)).toBe(50);
  });

  it('answers 2xx to event types it does not use, and to sessions that are not ours, and stores them as ignored', async () => {
    const unknownType = fake.event('customer.subscription.created', { id: 'sub_123', object: 'subscription' });
    expect(await deliver(unknownType)).toEqual({ status: 200, body: { received: true, outcome: 'IGNORED' } });
    expect(await storedEvent(unknownType.id)).toMatchObject({ outcome: 'IGNORED', type: 'customer.subscription.created' });
    const foreign = fake.event('checkout.session.completed', { id: 'cs_test_someone_else', object: 'checkout.session', payment_status: 'paid', payment_intent: null });
    expect(await deliver(foreign)).toEqual({ status: 200, body: { received: true, outcome: 'IGNORED' } });
  });

  it("admin refundPayment calls Stripe's refund API; the webhook then applies it", async () => {
    const purchase = await completePurchase('Growth');
    const admin = server.client();
    await signUpAdmin(server, admin);
    const { refundPayment } = await admin.ok(REFUND, { paymentId: purchase.paymentId, amountCents: 1000 });
    expect(refundPayment).toMatchObject({ paymentId: purchase.paymentId, amountCents: 1000, status: 'succeeded' });
    const [request] = fake.requestsTo('POST', '/v1/refunds').filter((r) => r.params.payment_intent === purchase.intentId);
    expect(request.params).toEqual({ payment_intent: purchase.intentId, amount: '1000', metadata: { paymentId: purchase.paymentId } });
    expect(request.headers['idempotency-key']).toBe(`refund-${purchase.paymentId}-0-1000`);
    expect(refundPayment.refundId).toBe([...fake.refunds.values()].find((r) => r.payment_intent === purchase.intentId)!.id);

    // A repeated click before Stripe's event arrives is the same refund at Stripe (same idempotency key).
    const again = await admin.ok(REFUND, { paymentId: purchase.paymentId, amountCents: 1000 });
    expect(again.refundPayment.refundId).toBe(refundPayment.refundId);
    expect([...fake.refunds.values()].filter((r) => r.payment_intent === purchase.intentId)).toHaveLength(1);

    // Nothing changes until Stripe's event arrives.
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'SUCCEEDED', refunded_cents: 0 });
    await deliver(fake.event('charge.refunded', fake.chargeOfIntent(purchase.intentId)));
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded_cents: 1000, credits_reversed: 125 });
    expect(await balance(purchase.userId)).toBe(425);

    // What is left can be refunded, not more.
    expect(await admin.errorCode(REFUND, { paymentId: purchase.paymentId, amountCents: 3001 })).toBe('BAD_USER_INPUT');
    await admin.ok(REFUND, { paymentId: purchase.paymentId, amountCents: 3000 });
    await deliver(fake.event('charge.refunded', fake.chargeOfIntent(purchase.intentId)));
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'REFUNDED', refunded_cents: 4000, credits_reversed: 500 });
    expect(await admin.errorCode(REFUND, { paymentId: purchase.paymentId, amountCents: 1 })).toBe('CONFLICT');
  });

  it('refundPayment answers NOT_FOUND, BAD_USER_INPUT, CONFLICT and PROVIDER_ERROR as fits', async () => {
    const admin = server.client();
    await signUpAdmin(server, admin);
    expect(await admin.errorCode(REFUND, { paymentId: '00000000-0000-4000-8000-000000000000', amountCents: 100 })).toBe('NOT_FOUND');
    const malformed = await admin.request(REFUND, { paymentId: 'nope', amountCents: 100 });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'paymentId' });
    const pending = await startPurchase();
    expect(await admin.errorCode(REFUND, { paymentId: pending.paymentId, amountCents: 100 })).toBe('CONFLICT');

    const purchase = await completePurchase();
    const zero = await admin.request(REFUND, { paymentId: purchase.paymentId, amountCents: 0 });
    expect(zero.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountCents' });
    const tooMuch = await admin.request(REFUND, { paymentId: purchase.paymentId, amountCents: 1001 });
    expect(tooMuch.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountCents' });

    fake.failNext('POST', /^\/v1\/refunds$/, { status: 402, type: 'invalid_request_error', message: 'Insufficient balance for this refund' });
    const failed = await admin.request(REFUND, { paymentId: purchase.paymentId, amountCents: 500 });
    expect(failed.errors?.[0].extensions).toMatchObject({ code: 'PROVIDER_ERROR' });
    expect(failed.errors?.[0].extensions).not.toHaveProperty('stacktrace');
    expect(failed.errors?.[0].message).toContain('Insufficient balance');
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'SUCCEEDED', refunded_cents: 0 });
  });

  it('answers FORBIDDEN to a USER and UNAUTHENTICATED to anonymous callers of admin billing operations', async () => {
    const purchase = await completePurchase();
    const operations: Array<[string, Record<string, unknown>]> = [
      [REFUND, { paymentId: purchase.paymentId, amountCents: 100 }],
      ['mutation C($input: CreditPackInput!) { createCreditPack(input: $input) { id } }', { input: { name: 'Cheap', credits: 1000, priceCents: 100 } }],
      ['mutation U($id: ID!, $input: CreditPackInput!) { updateCreditPack(id: $id, input: $input) { id } }', { id: packs[0].id, input: { name: 'Free', credits: 1000, priceCents: 50 } }],
      ['{ adminCreditPacks { id } }', {}],
      ['{ adminPayments { nodes { id } } }', {}],
    ];
    for (const [query, variables] of operations) {
      expect(await purchase.client.errorCode(query, variables)).toBe('FORBIDDEN');
      expect(await server.client().errorCode(query, variables)).toBe('UNAUTHENTICATED');
    }
    expect(fake.requestsTo('POST', '/v1/refunds').filter((r) => r.params.payment_intent === purchase.intentId)).toHaveLength(0);
    expect((await server.client().ok(PACKS)).creditPacks.map((p: { name: string }) => p.name)).toEqual(['Starter', 'Growth', 'Scale']);
  });

  it('refuses checkout through an API token (dashboard only) and for anonymous callers', async () => {
    const client = server.client();
    const user = await signUp(client);
    server.app.services.auth.useBearerVerifier({ verify: async (secret) => (secret === 'billing-test-token' ? { userId: user.id, tokenId: 'tok-1' } : null) });
    const viaToken = new GraphQLTestClient(client.endpoint);
    viaToken.bearer = 'billing-test-token';
    expect(await viaToken.errorCode(CHECKOUT, { packId: packs[0].id })).toBe('FORBIDDEN');
    expect((await viaToken.ok(MY_PAYMENTS)).payments.nodes).toEqual([]);
    expect(await server.client().errorCode(CHECKOUT, { packId: packs[0].id })).toBe('UNAUTHENTICATED');
  });

  it('answers NOT_FOUND for an unknown pack, BAD_USER_INPUT for a malformed id, PROVIDER_ERROR when Stripe fails (no row left)', async () => {
    const client = server.client();
    const user = await signUp(client);
    expect(await client.errorCode(CHECKOUT, { packId: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
    const malformed = await client.request(CHECKOUT, { packId: 'starter' });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'packId' });

    fake.failNext('POST', /^\/v1\/checkout\/sessions$/, { status: 500, type: 'api_error', message: 'Something went wrong on our end' });
    const failed = await client.request(CHECKOUT, { packId: packs[0].id });
    expect(failed.errors?.[0].extensions).toMatchObject({ code: 'PROVIDER_ERROR' });
    expect(failed.errors?.[0].extensions).not.toHaveProperty('stacktrace');
    expect(failed.errors?.[0].message).not.toContain('Something went wrong');
    const [{ count }] = await server.dataSource.query('SELECT count(*)::int AS count FROM payments WHERE user_id = $1', [user.id]);
    expect(count).toBe(0);
  });

  it('lets admins add and change packs; an inactive pack is hidden and cannot be bought; past payments keep their snapshot', async () => {
    const admin = server.client();
    await signUpAdmin(server, admin);
    const create = 'mutation C($input: CreditPackInput!) { createCreditPack(input: $input) { id name credits priceCents currency active } }';
    const update = 'mutation U($id: ID!, $input: CreditPackInput!) { updateCreditPack(id: $id, input: $input) { id name credits priceCents active } }';
    const { createCreditPack } = await admin.ok(create, { input: { name: ' Mega ', credits: 10000, priceCents: 50000, currency: 'USD', sortOrder: 40 } });
    expect(createCreditPack).toMatchObject({ name: 'Mega', credits: 10000, priceCents: 50000, currency: 'usd', active: true });

    const buyer = server.client();
    await signUp(buyer);
    const mega = await buyer.ok(CHECKOUT, { packId: createCreditPack.id });
    await admin.ok(update, { id: createCreditPack.id, input: { name: 'Mega (old)', credits: 9000, priceCents: 45000, active: false } });

    const publicNames = (await server.client().ok(PACKS)).creditPacks.map((p: { name: string }) => p.name);
    expect(publicNames).not.toContain('Mega (old)');
    expect((await admin.ok('{ adminCreditPacks { name active } }')).adminCreditPacks).toContainEqual({ name: 'Mega (old)', active: false });
    expect(await buyer.errorCode(CHECKOUT, { packId: createCreditPack.id })).toBe('NOT_FOUND');
    expect(await payment(mega.createCheckoutSession.paymentId)).toMatchObject({ credits: 10000, amount_cents: 50000, pack_name: 'Mega' });

    const bad = await admin.request(create, { input: { name: 'Tiny', credits: 1, priceCents: 10 } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'priceCents' });
    const badCurrency = await admin.request(create, { input: { name: 'Euro', credits: 1, priceCents: 100, currency: 'euro' } });
    expect(badCurrency.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
    expect(await admin.errorCode(update, { id: '00000000-0000-4000-8000-000000000000', input: { name: 'X', credits: 1, priceCents: 100 } })).toBe('NOT_FOUND');
  });

  it('lists only my payments, newest first, with keyset pages; admins see everyone and filter', async () => {
    const client = server.client();
    await signUp(client);
    const first = await completePurchase('Starter', client);
    server.clock.advance(1000);
    const second = await startPurchase('Growth', client);
    await startPurchase('Scale'); // someone else

    const page1 = (await client.ok(MY_PAYMENTS, { first: 1 })).payments;
    expect(page1.nodes.map((p: { id: string }) => p.id)).toEqual([second.paymentId]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await client.ok(MY_PAYMENTS, { first: 1, after: page1.pageInfo.endCursor })).payments;
    expect(page2.nodes.map((p: { id: string }) => p.id)).toEqual([first.paymentId]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const admin = server.client();
    await signUpAdmin(server, admin);
    const filtered = await admin.ok('query A($userId: ID) { adminPayments(userId: $userId, status: SUCCEEDED) { nodes { id status } } }', { userId: first.userId });
    expect(filtered.adminPayments.nodes).toEqual([{ id: first.paymentId, status: 'SUCCEEDED' }]);
  });

  it('deleteCustomerOf deletes the Stripe customer and forgets it; safe to call again or without one', async () => {
    const user = await signUp(server.client());
    await server.app.services.events.settle();
    const [row] = await server.dataSource.query('SELECT stripe_customer_id FROM users WHERE id = $1', [user.id]);
    expect(await server.app.services.billing.deleteCustomerOf(user.id)).toBe(true);
    expect(fake.requestsTo('DELETE', `/v1/customers/${row.stripe_customer_id}`)).toHaveLength(1);
    expect(fake.customers.has(row.stripe_customer_id)).toBe(false);
    expect((await server.dataSource.query('SELECT stripe_customer_id FROM users WHERE id = $1', [user.id]))[0].stripe_customer_id).toBeNull();
    expect(await server.app.services.billing.deleteCustomerOf(user.id)).toBe(false);
    expect(fake.requestsTo('DELETE', `/v1/customers/${row.stripe_customer_id}`)).toHaveLength(1);
  });

  it('detachPaymentsOf keeps payment rows for the books but unlinks them from the person', async () => {
    const purchase = await completePurchase();
    expect(await server.app.services.billing.detachPaymentsOf(purchase.userId)).toBe(1);
    expect(await payment(purchase.paymentId)).toMatchObject({ user_id: null, card_last4: null, status: 'SUCCEEDED', amount_cents: 1000, credits: 100 });
    // A refund of a detached payment still updates the record; there is nobody to take credits from.
    expect((await deliver(fake.event('charge.refunded', fake.refundCharge(purchase.intentId)))).status).toBe(200);
    expect(await payment(purchase.paymentId)).toMatchObject({ status: 'REFUNDED', credits_reversed: 100, shortfall_credits: 100 });
  });

  it('describes a payment in one line for the confirmation mail, and purges payments past retention', async () => {
    const purchase = await completePurchase('Growth');
    expect(await server.app.services.billing.describePayment(purchase.paymentId)).toBe('Growth: 500 credits for $40.00 (visa •••• 4242)');
    expect(await server.app.services.billing.describePayment('00000000-0000-4000-8000-000000000000')).toBe('');

    await server.dataSource.query(`UPDATE payments SET created_at = now() - interval '8 years' WHERE id = $1`, [purchase.paymentId]);
    const cutoff = new Date(Date.now() - 7 * 365 * 24 * 3600 * 1000);
    expect(await server.app.services.billing.purgePaymentsCreatedBefore(cutoff)).toBe(1);
    expect(await payment(purchase.paymentId)).toBeUndefined();
    const [{ n }] = await server.dataSource.query('SELECT count(*)::int AS n FROM stripe_events WHERE payment_id = $1', [purchase.paymentId]);
    expect(n).toBe(0);
  });
});

describe('registration while Stripe is unreachable', () => {
  let fake: FakeStripe;
  let server: TestServer;

  beforeAll(async () => {
    fake = await new FakeStripe().start();
    server = await startTestServer({ env: fake.env });
  });
  afterAll(async () => {
    await server.close();
    await fake.stop();
  });

  it('registers anyway and creates the customer at the first checkout', async () => {
    const [pack] = (await server.client().ok(PACKS)).creditPacks;
    await fake.stop();
    const client = server.client();
    const user = await signUp(client);
    expect(user.credits).toBe(50);
    await server.app.services.events.settle();
    const [before] = await server.dataSource.query('SELECT stripe_customer_id FROM users WHERE id = $1', [user.id]);
    expect(before.stripe_customer_id).toBeNull();

    // Still down at checkout: a clear provider error, nothing written.
    expect(await client.errorCode(CHECKOUT, { packId: pack.id })).toBe('PROVIDER_ERROR');
    expect((await server.dataSource.query('SELECT count(*)::int AS n FROM payments'))[0].n).toBe(0);

    await fake.start();
    const { createCheckoutSession } = await client.ok(CHECKOUT, { packId: pack.id });
    const [customerRequest] = fake.requestsTo('POST', '/v1/customers');
    expect(customerRequest.params).toEqual({ email: user.email, name: 'Ada Lovelace', metadata: { userId: user.id } });
    const [after] = await server.dataSource.query('SELECT stripe_customer_id FROM users WHERE id = $1', [user.id]);
    expect(after.stripe_customer_id).toMatch(/^cus_/);
    const [sessionRequest] = fake.requestsTo('POST', '/v1/checkout/sessions');
    expect(sessionRequest.params.customer).toBe(after.stripe_customer_id);
    expect(createCheckoutSession.url).toBe(fake.sessions.get(createCheckoutSession.sessionId)!.url);
  });
});
