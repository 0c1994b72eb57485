import express, { type Express, type Response } from 'express';
import type { Platform } from '../../core/module';
import type { BillingService } from './billing.service';
import type { PageReply } from './test-checkout';

type BillingServices = Pick<Platform, 'config' | 'events' | 'logger'> & { billing: BillingService };

/** Stripe sends small JSON events; anything bigger is not one. */
const WEBHOOK_BODY_LIMIT = '512kb';

/**
 * `POST /webhooks/stripe` (raw body, as the signature covers the exact bytes) and, in TEST MODE,
 * the stand-in checkout page `GET /test-checkout/:sessionId` with its Pay / Decline buttons.
 */
export function installBillingRoutes(app: Express, services: BillingServices): void {
  const { billing, logger } = services;

  app.post('/webhooks/stripe', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const reply = await billing.webhooks.receive(body, req.get('stripe-signature'));
    res.status(reply.status).json(reply.body);
  });
  // Oversized or broken bodies reach the app's last-resort handler: a typed JSON 4xx with the request id.

  const testCheckout = billing.testCheckout;
  if (!testCheckout) return;
  const send = (res: Response, reply: PageReply) => {
    res.set('Cache-Control', 'no-store');
    if (reply.redirect) return res.redirect(reply.status, reply.redirect);
    const formTargets = ["'self'", new URL(services.config.publicUrl).origin].join(' ');
    res.set('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; form-action ${formTargets}; frame-ancestors 'none'`);
    res.status(reply.status).type('html').send(reply.html ?? '');
  };
  const handle = (action: (sessionId: string) => Promise<PageReply>) => async (req: express.Request, res: Response) => {
    try {
      send(res, await action(String(req.params.sessionId)));
    } catch (error) {
      logger.error({ err: error }, 'TEST MODE checkout failed');
      res.status(500).type('text').send('TEST MODE checkout failed');
    }
  };
  app.get('/test-checkout/:sessionId', handle((id) => testCheckout.page(id)));
  app.post('/test-checkout/:sessionId/pay', handle((id) => testCheckout.pay(id)));
  app.post('/test-checkout/:sessionId/decline', handle((id) => testCheckout.decline(id)));
}

/** Registration creates the Stripe customer; when Stripe is down the first checkout does. */
export function initializeBilling(services: BillingServices): void {
  services.events.on('user.registered', async ({ userId }) => {
    try {
      await services.billing.ensureCustomer(userId);
    } catch (error) {
      services.logger.warn({ err: error, userId }, 'Stripe customer not created at registration; the first checkout will retry');
    }
  });
}
