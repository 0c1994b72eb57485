import { Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import { IdArgs } from '../../graphql/id-args';
import { PaidCallRateLimit } from '../rate-limits';
import { Job, JobBatch, JobPage } from './jobs.graphql';
import { JobsArgs, SubmitAnalysesArgs, SubmitAnalysisArgs, SubmitGenerationArgs } from './jobs.inputs';
import type { JobsService } from './jobs.service';

@Resolver()
export class JobsResolver {
  constructor(private readonly services: { jobs: JobsService }) {}

  @Authorized()
  @PaidCallRateLimit()
  @Mutation(() => Job, { description: 'Queue an analysis of an uploaded image or an image URL (exactly one); charged now, refunded if it does not succeed' })
  async submitAnalysis(@Args() args: SubmitAnalysisArgs, @Ctx() ctx: RequestContext): Promise<Job> {
    const row = await this.services.jobs.submitAnalysis(ctx.viewer!, { ...submitted(args), feature: args.feature, image: args.image, url: args.url, options: args.options ?? {} });
    return Job.from(row);
  }

  @Authorized()
  @PaidCallRateLimit()
  @Mutation(() => Job, { description: 'Queue an image generation (IMAGE_GENERATION)' })
  async submitGeneration(@Args() args: SubmitGenerationArgs, @Ctx() ctx: RequestContext): Promise<Job> {
    const row = await this.services.jobs.submitGeneration(ctx.viewer!, { ...submitted(args), prompt: args.prompt, options: args.options ?? {} });
    return Job.from(row);
  }

  @Authorized()
  @PaidCallRateLimit()
  @Mutation(() => JobBatch, { description: 'Queue 1–50 analyses (uploads and URLs) as one batch: all are charged, or none' })
  async submitAnalyses(@Args() args: SubmitAnalysesArgs, @Ctx() ctx: RequestContext): Promise<JobBatch> {
    const batch = await this.services.jobs.submitAnalyses(ctx.viewer!, {
      ...submitted(args),
      feature: args.feature,
      images: args.images,
      urls: args.urls,
      options: args.options ?? {},
    });
    return Object.assign(new JobBatch(), { id: batch.id, jobs: batch.jobs.map(Job.from) });
  }

  @Authorized()
  @Mutation(() => Job, { description: 'Queued: cancelled and refunded at once. Running: cancelled when its provider call returns (refunded, result discarded). Ended: unchanged' })
  async cancelJob(@Args() { id }: IdArgs, @Ctx() ctx: RequestContext): Promise<Job> {
    return Job.from(await this.services.jobs.cancel(ctx.viewer!.userId, id));
  }

  @Authorized()
  @Query(() => Job, { description: 'One of your jobs (NOT_FOUND for any other id)' })
  async job(@Args() { id }: IdArgs, @Ctx() ctx: RequestContext): Promise<Job> {
    return Job.from(await this.services.jobs.job(ctx.viewer!.userId, id));
  }

  @Authorized()
  @Query(() => JobPage, { description: 'Your jobs, newest first' })
  async jobs(@Args() args: JobsArgs, @Ctx() ctx: RequestContext): Promise<JobPage> {
    const page = await this.services.jobs.jobs(ctx.viewer!.userId, args);
    return Object.assign(new JobPage(), { nodes: page.nodes.map(Job.from), pageInfo: page.pageInfo });
  }
}

function submitted(args: { idempotencyKey?: string | null; webhookUrl?: string | null }) {
  return { idempotencyKey: args.idempotencyKey ?? null, webhookUrl: args.webhookUrl ?? null };
}
