import { Args, Authorized, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import { SESSION_ONLY } from '../../graphql/auth-checker';
import { PageArgs, PageOf, decodeCursor, toPage } from '../../graphql/pagination';
import { Role } from '../users';
import { AdminPaymentsFilter, CheckoutArgs } from './billing.inputs';
import type { BillingService } from './billing.service';
import { CreditPack } from './credit-pack.entity';
import { Payment } from './payment.entity';

@ObjectType()
export class CheckoutSession {
  @Field({ description: 'Send the browser here: Stripe Checkout, or the TEST MODE page' })
  url: string;

  @Field()
  sessionId: string;

  @Field(() => ID)
  paymentId: string;

  @Field({ description: 'True when no real payment is made (built-in TEST MODE checkout)' })
  testMode: boolean;
}

@ObjectType()
export class BillingSettings {
  @Field({ description: 'False when this server cannot take payments (production without Stripe keys)' })
  available: boolean;

  @Field({ description: 'Show TEST MODE wherever checkout appears' })
  testMode: boolean;
}

@ObjectType()
export class PaymentPage extends PageOf(Payment) {}

@ObjectType()
export class RefundRequest {
  @Field(() => ID)
  paymentId: string;

  @Field()
  refundId: string;

  @Field(() => Int)
  amountCents: number;

  @Field({ description: "The provider's refund status; the payment changes when its webhook arrives" })
  status: string;
}

@Resolver()
export class BillingResolver {
  constructor(private readonly services: { billing: BillingService }) {}

  @Query(() => [CreditPack], { description: 'Credit packs on sale, cheapest first' })
  creditPacks(): Promise<CreditPack[]> {
    return this.services.billing.listPacks();
  }

  @Authorized()
  @Query(() => BillingSettings, { description: 'Whether checkout works here and whether it is TEST MODE' })
  billingSettings(): BillingSettings {
    return { available: !!this.services.billing.gateway, testMode: this.services.billing.testMode };
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => CheckoutSession, { description: 'Starts buying a credit pack; credits arrive when the payment succeeds' })
  createCheckoutSession(@Args() { packId }: CheckoutArgs, @Ctx() ctx: RequestContext): Promise<CheckoutSession> {
    return this.services.billing.startCheckout(ctx.viewer!.userId, packId);
  }

  @Authorized()
  @Query(() => PaymentPage, { description: 'My payments, newest first' })
  async payments(@Args() { first, after }: PageArgs, @Ctx() ctx: RequestContext): Promise<PaymentPage> {
    const rows = await this.services.billing.payments({ userId: ctx.viewer!.userId }, first + 1, decodeCursor(after));
    return toPage(rows, first);
  }

  @Authorized(Role.ADMIN)
  @Query(() => PaymentPage, { description: 'Admin: all payments, newest first' })
  async adminPayments(@Args() { first, after }: PageArgs, @Args() filter: AdminPaymentsFilter): Promise<PaymentPage> {
    const rows = await this.services.billing.payments(filter, first + 1, decodeCursor(after));
    return toPage(rows, first);
  }

  @Authorized(Role.ADMIN)
  @Query(() => [CreditPack], { description: 'Admin: every credit pack, inactive ones too' })
  adminCreditPacks(): Promise<CreditPack[]> {
    return this.services.billing.listPacks(true);
  }
}
