import { DataSource } from 'typeorm';
import { TEST_CARD, TestModeEventSender, testIntentIdOf } from './gateway/test-mode-gateway';
import { PaymentStatus } from './payment-status';
import { checkoutUrls } from './checkout-urls';

interface SessionRow {
  id: string;
  user_id: string | null;
  pack_id: string | null;
  pack_name: string;
  credits: number;
  amount_cents: number;
  currency: string;
  status: PaymentStatus;
  checkout_session_id: string;
}

export interface PageReply {
  status: number;
  html?: string;
  redirect?: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const money = (cents: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);

/**
 * The built-in TEST MODE checkout (no STRIPE_SECRET_KEY, outside production): a page standing in
 * for Stripe Checkout whose buttons produce the signed events Stripe would send. Nothing here
 * touches payments or credits directly; the webhook handler does.
 */
export class TestCheckout {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: TestModeEventSender,
    private readonly publicUrl: string,
  ) {}

  async page(sessionId: string): Promise<PageReply> {
    const session = await this.find(sessionId);
    if (!session) return { status: 404, html: layout('Checkout not found', '<p>This TEST MODE checkout session does not exist.</p>') };
    const urls = checkoutUrls(this.publicUrl);
    const price = money(session.amount_cents, session.currency);
    const open = session.status === PaymentStatus.PENDING || session.status === PaymentStatus.FAILED;
    const base = `/test-checkout/${encodeURIComponent(sessionId)}`;
    const body = `
      <h1>${escapeHtml(session.pack_name)}: ${session.credits} credits</h1>
      <p class="price">${escapeHtml(price)}</p>
      ${session.status === PaymentStatus.FAILED ? '<p class="note">The last attempt was declined. You can try again.</p>' : ''}
      ${
        open
          ? `<p>No card is needed and no money moves: “Pay” behaves like a successful card payment
             (${TEST_CARD.brand} •••• ${TEST_CARD.last4}), “Decline” like a declined card.</p>
             <form method="post" action="${base}/pay"><button type="submit" name="action" value="pay">Pay ${escapeHtml(price)} (TEST MODE)</button></form>
             <form method="post" action="${base}/decline"><button type="submit" class="secondary">Decline (TEST MODE)</button></form>`
          : `<p>This checkout is already ${escapeHtml(session.status.toLowerCase().replace('_', ' '))}.</p>`
      }
      <p><a href="${escapeHtml(urls.cancel)}">Back without paying</a></p>`;
    return { status: 200, html: layout(`Pay ${price}`, body) };
  }

  /** Pay: the event Stripe sends when a card payment succeeds; then back to the client. */
  async pay(sessionId: string): Promise<PageReply> {
    const session = await this.find(sessionId);
    if (!session) return { status: 404, html: layout('Checkout not found', '<p>This TEST MODE checkout session does not exist.</p>') };
    const reply = await this.sender.send('checkout.session.completed', {
      id: session.checkout_session_id,
      object: 'checkout.session',
      mode: 'payment',
      status: 'complete',
      payment_status: 'paid',
      payment_intent: testIntentIdOf(session.id),
      amount_total: session.amount_cents,
      currency: session.currency,
      customer: null,
      client_reference_id: session.user_id,
      metadata: this.metadata(session),
      livemode: false,
    });
    if (reply.status >= 300) return this.failed();
    return { status: 303, redirect: checkoutUrls(this.publicUrl).successFor(session.checkout_session_id) };
  }

  /** Decline: the event Stripe sends when the card is refused; then to the cancel page. */
  async decline(sessionId: string): Promise<PageReply> {
    const session = await this.find(sessionId);
    if (!session) return { status: 404, html: layout('Checkout not found', '<p>This TEST MODE checkout session does not exist.</p>') };
    const reply = await this.sender.send('payment_intent.payment_failed', {
      id: testIntentIdOf(session.id),
      object: 'payment_intent',
      amount: session.amount_cents,
      currency: session.currency,
      status: 'requires_payment_method',
      metadata: this.metadata(session),
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined. (TEST MODE)' },
      livemode: false,
    });
    if (reply.status >= 300) return this.failed();
    return { status: 303, redirect: checkoutUrls(this.publicUrl).cancel };
  }

  private metadata(session: SessionRow) {
    return { userId: session.user_id ?? '', packId: session.pack_id ?? '', paymentId: session.id };
  }

  private failed(): PageReply {
    return { status: 502, html: layout('Payment not recorded', '<p>The TEST MODE payment could not be recorded. Try again.</p>') };
  }

  private async find(sessionId: string): Promise<SessionRow | null> {
    if (!/^cs_test_[0-9a-f]{40}$/.test(sessionId)) return null;
    const [row]: SessionRow[] = await this.dataSource.query(
      `SELECT id, user_id, pack_id, pack_name, credits, amount_cents, currency, status, checkout_session_id
       FROM payments WHERE checkout_session_id = $1`,
      [sessionId],
    );
    return row ?? null;
  }
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TEST MODE · ${escapeHtml(title)} · VisionGate</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
  .banner { background: #b45309; color: #fff; font-weight: 700; text-align: center; padding: .6rem; letter-spacing: .08em; }
  main { max-width: 28rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: .75rem; box-shadow: 0 1px 4px #0002; }
  .price { font-size: 2rem; font-weight: 700; margin: .5rem 0 1.5rem; }
  .note { color: #b91c1c; }
  form { margin: .75rem 0; }
  button { width: 100%; font-size: 1rem; padding: .8rem; border: 0; border-radius: .5rem; background: #4f46e5; color: #fff; cursor: pointer; }
  button.secondary { background: #e5e7eb; color: #1d2330; }
</style></head>
<body><div class="banner" role="status">TEST MODE: no real payment is made</div>
<main>${body}</main></body></html>`;
}
