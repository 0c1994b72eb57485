import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { CreditsService } from '../credits';
import { BillingResolver } from './billing.resolver';
import { initializeBilling, installBillingRoutes } from './billing.routes';
import { createBillingService } from './billing.service';
import { CreditPack } from './credit-pack.entity';
import { CreateBilling1764000002000 } from './migrations/1764000002000-CreateBilling';
import { Payment } from './payment.entity';
import { StripeEvent } from './stripe-event.entity';

export { CreditPackInput, PackIdArgs, RefundPaymentArgs } from './billing.inputs';
export { RefundRequest } from './billing.resolver';
export { BillingService } from './billing.service';
export type { CreditPackFields } from './billing.service';
export { CreditPack } from './credit-pack.entity';
export { Payment } from './payment.entity';

type BillingNeeds = Pick<Platform, 'config' | 'dataSource' | 'events' | 'logger' | 'clock'> & { credits: CreditsService };

export const billingModule = defineModule({
  name: 'billing',
  purpose: 'Credit packs and payments: Stripe Checkout (or the built-in TEST MODE), webhooks, refunds',
  entities: [CreditPack, Payment, StripeEvent],
  migrations: [CreateBilling1764000002000],
  services: (needs: BillingNeeds) => ({ billing: createBillingService(needs) }),
  resolvers: [BillingResolver],
  httpRoutes: [installBillingRoutes],
  initializers: [initializeBilling],
});
