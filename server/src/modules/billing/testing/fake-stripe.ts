/**
 * A Stripe stand-in for tests: a real HTTP server on 127.0.0.1 speaking Stripe's wire format
 * (form-encoded requests with bracket notation, JSON responses, errors as {error:{type,message}},
 * Idempotency-Key replays). It records every request so tests can assert what was sent, and it
 * plays Stripe's side of a purchase (paying a session, refunds, disputes) to build the events
 * Stripe would deliver, signed with the SDK's generateTestHeaderString.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, any>;
  headers: http.IncomingHttpHeaders;
}

type Obj = Record<string, any>;

interface InjectedFailure {
  method: string;
  path: RegExp;
  status: number;
  type: string;
  message: string;
  code?: string;
  remaining: number;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

/** `a[b][0][c]=v` → { a: { b: [ { c: 'v' } ] } }, as Stripe reads its form bodies. */
export function parseStripeForm(body: string): Obj {
  const result: Obj = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.split(/\[|\]\[|\]/).filter((part, index) => part !== '' || index === 0);
    let target: any = result;
    parts.forEach((part, index) => {
      const last = index === parts.length - 1;
      const key = part === '' ? (target as unknown[]).length : /^\d+$/.test(part) ? Number(part) : part;
      if (last) {
        target[key] = value;
        return;
      }
      if (target[key] === undefined) target[key] = /^\d+$/.test(parts[index + 1] ?? '') || parts[index + 1] === '' ? [] : {};
      target = target[key];
    });
  }
  return result;
}

export class FakeStripe {
  readonly secretKey = `sk_test_fake_${randomBytes(8).toString('hex')}`;
  readonly webhookSecret = `whsec_fake_${randomBytes(16).toString('hex')}`;
  readonly requests: RecordedRequest[] = [];
  readonly customers = new Map<string, Obj>();
  readonly sessions = new Map<string, Obj>();
  readonly paymentIntents = new Map<string, Obj>();
  readonly paymentMethods = new Map<string, Obj>();
  readonly charges = new Map<string, Obj>();
  readonly refunds = new Map<string, Obj>();
  /** Off: GET /v1/payment_intents ignores `expand`, so clients must fetch the payment method. */
  expandSupported = true;

  private server: http.Server | null = null;
  private port = 0;
  private readonly idempotent = new Map<string, { status: number; body: Obj }>();
  private readonly failures: InjectedFailure[] = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Env for startTestServer: the app's Stripe SDK talks to this fake. */
  get env(): Record<string, string> {
    return { STRIPE_SECRET_KEY: this.secretKey, STRIPE_WEBHOOK_SECRET: this.webhookSecret, STRIPE_API_BASE: this.url };
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Makes Stripe unreachable (connection refused) until start() again on the same port. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` matching requests fail with this Stripe error (no SDK retry). */
  failNext(method: string, path: RegExp, error: { status: number; type: string; message: string; code?: string }, times = 1): void {
    this.failures.push({ method, path, ...error, remaining: times });
  }

  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  // ---- Stripe's side of a purchase, for building webhook events ----

  /** The buyer pays the session with a card: intent, payment method and charge now exist. */
  paySession(sessionId: string, card: { brand: string; last4: string } = { brand: 'visa', last4: '4242' }): Obj {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`fake stripe: no session ${sessionId}`);
    const method = { id: newId('pm'), object: 'payment_method', type: 'card', card: { ...card, exp_month: 12, exp_year: 2034, country: 'US' } };
    this.paymentMethods.set(method.id, method);
    const intent = this.createIntent(session, 'succeeded', method.id);
    const charge = {
      id: newId('ch'),
      object: 'charge',
      amount: intent.amount,
      amount_refunded: 0,
      refunded: false,
      captured: true,
      paid: true,
      status: 'succeeded',
      currency: intent.currency,
      customer: session.customer,
      payment_intent: intent.id,
      payment_method: method.id,
      payment_method_details: { type: 'card', card: { brand: card.brand, last4: card.last4 } },
      livemode: false,
      created: now(),
    };
    this.charges.set(charge.id, charge);
    intent.latest_charge = charge.id;
    Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: intent.id });
    return session;
  }

  /** A declined attempt: the intent exists and carries the decline. */
  declineSession(sessionId: string): Obj {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`fake stripe: no session ${sessionId}`);
    const intent = this.createIntent(session, 'requires_payment_method', null);
    intent.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' };
    return intent;
  }

  chargeOfIntent(intentId: string): Obj {
    const charge = [...this.charges.values()].find((c) => c.payment_intent === intentId);
    if (!charge) throw new Error(`fake stripe: no charge for ${intentId}`);
    return charge;
  }

  /** Refunds at Stripe (as the Dashboard or the API would) and returns the updated charge. */
  refundCharge(intentId: string, amount?: number): Obj {
    const charge = this.chargeOfIntent(intentId);
    const cents = amount ?? charge.amount - charge.amount_refunded;
    charge.amount_refunded += cents;
    charge.refunded = charge.amount_refunded >= charge.amount;
    return { ...charge };
  }

  dispute(intentId: string, amount?: number): Obj {
    const charge = this.chargeOfIntent(intentId);
    return {
      id: newId('dp'),
      object: 'dispute',
      amount: amount ?? charge.amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: intentId,
      reason: 'fraudulent',
      status: 'needs_response',
      livemode: false,
      created: now(),
    };
  }

  /** An event as Stripe delivers it (a snapshot of the object at that moment). */
  event(type: string, object: Obj, overrides: Partial<{ id: string; created: number }> = {}): Obj {
    return {
      id: overrides.id ?? newId('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: overrides.created ?? now(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object: JSON.parse(JSON.stringify(object)) },
    };
  }

  /** Body and Stripe-Signature header, signed like Stripe does (SDK test helper). */
  sign(event: Obj, options: { secret?: string; timestamp?: number } = {}): { payload: string; signature: string } {
    const payload = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? this.webhookSecret,
      timestamp: options.timestamp ?? now(),
    });
    return { payload, signature };
  }

  // ---- HTTP ----

  private createIntent(session: Obj, status: string, paymentMethodId: string | null): Obj {
    const intent: Obj = {
      id: session.payment_intent ?? newId('pi'),
      object: 'payment_intent',
      amount: session.amount_total,
      amount_received: status === 'succeeded' ? session.amount_total : 0,
      currency: session.currency,
      customer: session.customer,
      status,
      payment_method: paymentMethodId,
      latest_charge: null,
      last_payment_error: null,
      metadata: { ...(session.payment_intent_data?.metadata ?? {}) },
      livemode: false,
      created: now(),
    };
    this.paymentIntents.set(intent.id, intent);
    session.payment_intent = intent.id;
    return intent;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = req.method === 'GET' || req.method === 'DELETE' ? url.search.slice(1) : Buffer.concat(chunks).toString();
    const params = parseStripeForm(raw);
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, params, headers: req.headers });

    const reply = (status: number, body: Obj, extraHeaders: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req'), ...extraHeaders });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, type: string, message: string, code?: string) =>
      reply(status, { error: { type, message, ...(code ? { code } : {}) } }, { 'stripe-should-retry': 'false' });

    if (req.headers.authorization !== `Bearer ${this.secretKey}`) {
      return fail(401, 'invalid_request_error', 'Invalid API Key provided');
    }
    const failure = this.failures.find((f) => f.remaining > 0 && f.method === method && f.path.test(url.pathname));
    if (failure) {
      failure.remaining--;
      return fail(failure.status, failure.type, failure.message, failure.code);
    }
    const key = req.headers['idempotency-key'];
    const cacheKey = typeof key === 'string' && method === 'POST' ? `${url.pathname}|${key}` : null;
    if (cacheKey && this.idempotent.has(cacheKey)) {
      const cached = this.idempotent.get(cacheKey)!;
      return reply(cached.status, cached.body, { 'idempotent-replayed': 'true' });
    }
    const [status, body] = this.route(method, url.pathname, params);
    if (cacheKey) this.idempotent.set(cacheKey, { status, body });
    if (status >= 400) return fail(status, body.error.type, body.error.message, body.error.code);
    reply(status, body);
  }

  private route(method: string, path: string, params: Obj): [number, Obj] {
    const missing = (what: string, id: string): [number, Obj] => [
      404,
      { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}: '${id}'` } },
    ];
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/customers') {
      const customer = { id: newId('cus'), object: 'customer', email: params.email ?? null, name: params.name ?? null, metadata: params.metadata ?? {}, created: now(), livemode: false };
      this.customers.set(customer.id, customer);
      return [200, customer];
    }
    if (method === 'DELETE' && (match = /^\/v1\/customers\/([^/]+)$/.exec(path))) {
      if (!this.customers.delete(match[1])) return missing('customer', match[1]);
      return [200, { id: match[1], object: 'customer', deleted: true }];
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      if (params.customer && !this.customers.has(params.customer)) return missing('customer', params.customer);
      const items: Obj[] = params.line_items ?? [];
      if (!items.length) return [400, { error: { type: 'invalid_request_error', message: 'line_items is required in payment mode' } }];
      const amount = items.reduce((sum, item) => sum + Number(item.price_data?.unit_amount ?? 0) * Number(item.quantity ?? 1), 0);
      const id = `cs_test_${randomBytes(24).toString('hex')}`;
      const session = {
        id,
        object: 'checkout.session',
        mode: params.mode,
        status: 'open',
        payment_status: 'unpaid',
        customer: params.customer ?? null,
        client_reference_id: params.client_reference_id ?? null,
        amount_total: amount,
        currency: items[0].price_data?.currency ?? 'usd',
        metadata: params.metadata ?? {},
        payment_intent_data: params.payment_intent_data ?? {},
        payment_intent: null,
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        url: `https://checkout.stripe.test/c/pay/${id}`,
        livemode: false,
        created: now(),
      };
      this.sessions.set(id, session);
      const { payment_intent_data: _hidden, ...visible } = session;
      return [200, visible];
    }
    if (method === 'GET' && (match = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) {
      const intent = this.paymentIntents.get(match[1]);
      if (!intent) return missing('payment_intent', match[1]);
      const expand: string[] = this.expandSupported ? Object.values(params.expand ?? {}) : [];
      const body = { ...intent };
      if (expand.includes('payment_method') && intent.payment_method) body.payment_method = this.paymentMethods.get(intent.payment_method);
      if (expand.includes('latest_charge') && intent.latest_charge) body.latest_charge = this.charges.get(intent.latest_charge);
      return [200, body];
    }
    if (method === 'GET' && (match = /^\/v1\/payment_methods\/([^/]+)$/.exec(path))) {
      const pm = this.paymentMethods.get(match[1]);
      return pm ? [200, pm] : missing('payment_method', match[1]);
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = this.paymentIntents.get(params.payment_intent);
      if (!intent) return missing('payment_intent', params.payment_intent);
      const charge = [...this.charges.values()].find((c) => c.payment_intent === intent.id);
      if (!charge) return [400, { error: { type: 'invalid_request_error', message: 'This PaymentIntent has no successful charge to refund' } }];
      const amount = params.amount !== undefined ? Number(params.amount) : charge.amount - charge.amount_refunded;
      if (charge.amount_refunded + amount > charge.amount) {
        return [400, { error: { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${charge.amount - charge.amount_refunded})` } }];
      }
      // Like Stripe, the refund is recorded now; the charge.refunded event is the test's to deliver.
      const refund = { id: newId('re'), object: 'refund', amount, currency: charge.currency, charge: charge.id, payment_intent: intent.id, status: 'succeeded', metadata: params.metadata ?? {}, created: now() };
      this.refunds.set(refund.id, refund);
      charge.amount_refunded += amount;
      charge.refunded = charge.amount_refunded >= charge.amount;
      return [200, refund];
    }
    return [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } }];
  }
}
