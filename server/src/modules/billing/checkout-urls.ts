/**
 * Where Stripe (or the TEST MODE page) sends the buyer back: pages of the client app.
 * `{CHECKOUT_SESSION_ID}` is filled in by Stripe.
 */
export function checkoutUrls(publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    success: `${base}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
    successFor: (sessionId: string) => `${base}/billing/success?session_id=${encodeURIComponent(sessionId)}`,
    cancel: `${base}/billing/cancel`,
  };
}
