import { Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import { PaidCallRateLimit } from '../rate-limits';
import { AnalysisResult, FeatureType } from './vision.graphql';
import type { FeatureCatalogueService } from './features.service';
import { AnalyzeImageArgs, AnalyzeImageUrlArgs, GenerateImageArgs } from './vision.inputs';
import type { VisionCalls } from './vision-calls';

@Resolver()
export class VisionResolver {
  constructor(private readonly services: { visionCalls: VisionCalls; visionFeatures: FeatureCatalogueService }) {}

  @Query(() => [FeatureType], { description: 'Every vision feature with its price, provider and availability (public)' })
  async features(): Promise<FeatureType[]> {
    return (await this.services.visionFeatures.list()).map(FeatureType.from);
  }

  @Authorized()
  @PaidCallRateLimit()
  @Mutation(() => AnalysisResult, {
    description: 'Analyze an uploaded image (GraphQL multipart request; send the header apollo-require-preflight: true)',
  })
  async analyzeImage(@Args() args: AnalyzeImageArgs, @Ctx() ctx: RequestContext): Promise<AnalysisResult> {
    const outcome = await this.services.visionCalls.analyze(
      ctx.viewer!,
      { kind: 'upload', feature: args.feature, image: args.image, options: args.options ?? {} },
      args.idempotencyKey ?? null,
    );
    return AnalysisResult.from(outcome);
  }

  @Authorized()
  @PaidCallRateLimit()
  @Mutation(() => AnalysisResult, { description: 'Analyze the image at a public http(s) URL' })
  async analyzeImageUrl(@Args() args: AnalyzeImageUrlArgs, @Ctx() ctx: RequestContext): Promise<AnalysisResult> {
    const outcome = await this.services.visionCalls.analyze(ctx.viewer!, { kind: 'url', feature: args.feature, url: args.url, options: args.options ?? {} }, args.idempotencyKey ?? null);
    return AnalysisResult.from(outcome);
  }

  @Authorized()
  @PaidCallRateLimit()
  @Mutation(() => AnalysisResult, { description: 'Generate an image from a text prompt (IMAGE_GENERATION)' })
  async generateImage(@Args() args: GenerateImageArgs, @Ctx() ctx: RequestContext): Promise<AnalysisResult> {
    const outcome = await this.services.visionCalls.generate(ctx.viewer!, args.prompt, args.options ?? {}, args.idempotencyKey ?? null);
    return AnalysisResult.from(outcome);
  }
}
