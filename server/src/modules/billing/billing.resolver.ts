import { Arg, Args, Authorized, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import type { AppServices } from '../../core/services';
import { actorOf } from '../admin/admin.service';
import { SESSION_ONLY } from '../../graphql/auth-checker';
import { PageArgs, PageInfo, decodeCursor, toPage } from '../../graphql/pagination';
import { Role } from '../users/user.entity';
import { AdminPaymentsFilter, CheckoutArgs, CreditPackInput, PackIdArgs, RefundPaymentArgs } from './billing.inputs';
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
export class PaymentPage {
  @Field(() => [Payment])
  nodes: Payment[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

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
  constructor(private readonly services: AppServices) {}

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
  @Mutation(() => RefundRequest, { description: 'Admin: refund through Stripe; credits are taken back when Stripe confirms' })
  refundPayment(@Args() { paymentId, amountCents }: RefundPaymentArgs, @Ctx() ctx: RequestContext): Promise<RefundRequest> {
    return this.services.admin.refundPayment(actorOf(ctx), paymentId, amountCents);
  }

  @Authorized(Role.ADMIN)
  @Query(() => [CreditPack], { description: 'Admin: every credit pack, inactive ones too' })
  adminCreditPacks(): Promise<CreditPack[]> {
    return this.services.billing.listPacks(true);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreditPack)
  createCreditPack(@Arg('input') input: CreditPackInput, @Ctx() ctx: RequestContext): Promise<CreditPack> {
    return this.services.admin.createCreditPack(actorOf(ctx), input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreditPack, { description: 'Admin: change a pack; set active false to stop selling it' })
  updateCreditPack(@Args() { id }: PackIdArgs, @Arg('input') input: CreditPackInput, @Ctx() ctx: RequestContext): Promise<CreditPack> {
    return this.services.admin.updateCreditPack(actorOf(ctx), id, input);
  }
}
