import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import type { AppServices } from '../../core/services';
import { actorOf } from '../admin/admin.service';
import { PaidCallRateLimit } from '../rate-limits/rate-limit.middleware';
import { Role } from '../users/user.entity';
import { AnalysisResult, FeatureType } from './vision.graphql';
import { AnalyzeImageArgs, AnalyzeImageUrlArgs, GenerateImageArgs, SetFeaturePriceInput } from './vision.inputs';

@Resolver()
export class VisionResolver {
  constructor(private readonly services: AppServices) {}

  @Query(() => [FeatureType], { description: 'Every vision feature with its price, provider and availability (public)' })
  async features(): Promise<FeatureType[]> {
    return (await this.services.visionFeatures.list()).map(FeatureType.from);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => FeatureType, { description: 'Admin: set the credit price of a feature' })
  async setFeaturePrice(@Arg('input') input: SetFeaturePriceInput, @Ctx() ctx: RequestContext): Promise<FeatureType> {
    return FeatureType.from(await this.services.admin.setFeaturePrice(actorOf(ctx), input.feature, input.credits));
  }

  @Authorized()
  @PaidCallRateLimit()
  @Mutation(() => AnalysisResult, {
    description: 'Analyze an uploaded image (GraphQL multipart request; send the header apollo-require-preflight: true)',
  })
  async analyzeImage(@Args() args: AnalyzeImageArgs, @Ctx() ctx: RequestContext): Promise<AnalysisResult> {
    const outcome = await this.services.vision.analyzeUpload(ctx.viewer!, args.feature, args.image, args.options ?? {}, args.idempotencyKey ?? null);
    return AnalysisResult.from(outcome);
  }

  @Authorized()
  @PaidCallRateLimit()
  @Mutation(() => AnalysisResult, { description: 'Analyze the image at a public http(s) URL' })
  async analyzeImageUrl(@Args() args: AnalyzeImageUrlArgs, @Ctx() ctx: RequestContext): Promise<AnalysisResult> {
    const outcome = await this.services.vision.analyzeUrl(ctx.viewer!, args.feature, args.url, args.options ?? {}, args.idempotencyKey ?? null);
    return AnalysisResult.from(outcome);
  }

  @Authorized()
  @PaidCallRateLimit()
  @Mutation(() => AnalysisResult, { description: 'Generate an image from a text prompt (IMAGE_GENERATION)' })
  async generateImage(@Args() args: GenerateImageArgs, @Ctx() ctx: RequestContext): Promise<AnalysisResult> {
    const outcome = await this.services.vision.generate(ctx.viewer!, args.prompt, args.options ?? {}, args.idempotencyKey ?? null);
    return AnalysisResult.from(outcome);
  }
}
