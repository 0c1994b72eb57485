import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import type { ConsumptionLogsService } from './consumption-logs.service';
import type { UsageAnalyticsService } from './usage-analytics.service';
import { PageArgs, decodeCursor, toPage } from '../../graphql/pagination';
import { Role } from '../users';
import { ConsumptionLogFilter, UsageArgs } from './metering.inputs';
import { ConsumptionLogPage, PlatformUsage, UsageSummary } from './metering.types';

@Resolver()
export class MeteringResolver {
  constructor(private readonly services: { consumptionLogs: ConsumptionLogsService; usageAnalytics: UsageAnalyticsService }) {}

  @Authorized()
  @Query(() => ConsumptionLogPage, { description: 'My paid calls, newest first; also as CSV at GET /api/consumption-logs.csv' })
  async consumptionLogs(
    @Arg('filter', () => ConsumptionLogFilter, { nullable: true }) filter: ConsumptionLogFilter | null,
    @Args() { first, after }: PageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<ConsumptionLogPage> {
    const rows = await this.services.consumptionLogs.page(ctx.viewer!.userId, filter ?? {}, first + 1, decodeCursor(after));
    return toPage(rows, first);
  }

  @Authorized()
  @Query(() => UsageSummary, { description: 'My usage per day (in my time zone), per feature and per source' })
  usageSummary(@Args() range: UsageArgs, @Ctx() ctx: RequestContext): Promise<UsageSummary> {
    return this.services.usageAnalytics.summary(ctx.viewer!.userId, range);
  }

  @Authorized(Role.ADMIN)
  @Query(() => PlatformUsage, { description: 'Admin: usage over all users, with active users per day' })
  platformUsage(@Args() range: UsageArgs): Promise<PlatformUsage> {
    return this.services.usageAnalytics.platform(range);
  }
}
