import { Arg, Authorized, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import type { JobUpdates, JobTarget, StillAllowed } from './job-updates';
import { Job } from './jobs.graphql';

/**
 * The context of an operation on a live connection (app/live.ts): the services, and how to
 * check that the caller who connected is still signed in (the session or token may end while
 * the connection stays open).
 */
export interface LiveJobsContext extends RequestContext {
  services: { jobUpdates: Pick<JobUpdates, 'follow'> };
  stillAllowed: StillAllowed;
}

/** The subscription of the jobs module; served over graphql-ws on /graphql (app/live.ts). */
@Resolver()
export class JobsSubscriptionResolver {
  @Authorized()
  @Subscription(() => Job, {
    description:
      'Live progress of one of your jobs (id) or of every job of one of your batches (batchId); exactly one of them. ' +
      'The first event is the current state, then one per change, in order; completes once the job (every job of the batch) ended. ' +
      'NOT_FOUND for any other id. Over graphql-ws on /graphql.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, JobTarget, LiveJobsContext>) =>
      context.services.jobUpdates.follow(context.viewer!.userId, { id: args.id, batchId: args.batchId }, context.stillAllowed),
  })
  jobUpdated(
    @Root() job: Job,
    @Arg('id', () => ID, { nullable: true }) _id?: string,
    @Arg('batchId', () => ID, { nullable: true }) _batchId?: string,
  ): Job {
    return job;
  }
}
