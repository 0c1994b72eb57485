import { Arg, Args, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role, type RequestContext } from '../../core/context';
import { CreditPack, CreditPackInput, PackIdArgs, RefundPaymentArgs, RefundRequest } from '../billing';
import { FeatureType, SetFeaturePriceInput } from '../vision';
import { AdminService, actorOf } from './admin.service';

/** Administrator changes to other modules' data (refunds, packs, prices): AdminService audits each one. */
@Resolver()
export class AdminOperationsResolver {
  constructor(private readonly services: { admin: AdminService }) {}

  @Authorized(Role.ADMIN)
  @Mutation(() => RefundRequest, { description: 'Admin: refund through Stripe; credits are taken back when Stripe confirms' })
  refundPayment(@Args() { paymentId, amountCents }: RefundPaymentArgs, @Ctx() ctx: RequestContext): Promise<RefundRequest> {
    return this.services.admin.refundPayment(actorOf(ctx), paymentId, amountCents);
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

  @Authorized(Role.ADMIN)
  @Mutation(() => FeatureType, { description: 'Admin: set the credit price of a feature' })
  async setFeaturePrice(@Arg('input') input: SetFeaturePriceInput, @Ctx() ctx: RequestContext): Promise<FeatureType> {
    return FeatureType.from(await this.services.admin.setFeaturePrice(actorOf(ctx), input.feature, input.credits));
  }
}
