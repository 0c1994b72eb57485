import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageOf } from '../../graphql/pagination';
import { CallSource, ConsumptionStatus } from './consumption-log.entity';

/** A log row as its owner sees it: no user id, the token by prefix and name. */
@ObjectType('ConsumptionLog')
export class ConsumptionLogView {
  @Field(() => ID)
  id: string;

  @Field()
  feature: string;

  @Field(() => Int)
  credits: number;

  @Field(() => CallSource)
  source: CallSource;

  @Field(() => ID, { nullable: true })
  apiTokenId: string | null;

  @Field(() => String, { nullable: true })
  apiTokenPrefix: string | null;

  @Field(() => String, { nullable: true })
  apiTokenName: string | null;

  @Field(() => String, { nullable: true, description: 'Set for URL submissions only' })
  imageUrl: string | null;

  @Field(() => ConsumptionStatus)
  status: ConsumptionStatus;

  @Field(() => Int, { nullable: true })
  durationMs: number | null;

  @Field(() => String, { nullable: true })
  errorCode: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class ConsumptionLogPage extends PageOf(ConsumptionLogView) {}

@ObjectType()
export class DailyUsage {
  @Field({ description: 'YYYY-MM-DD in the requested time zone' })
  day: string;

  @Field(() => Int)
  calls: number;

  @Field(() => Int, { description: 'Credits spent; refunded calls count as calls but not as credits' })
  credits: number;
}

/** Calls and the credits they spent; the usage types below add what they count by. */
@ObjectType()
abstract class CallCount {
  @Field(() => Int)
  calls: number;

  @Field(() => Int)
  credits: number;
}

@ObjectType()
export class FeatureUsage extends CallCount {
  @Field()
  feature: string;
}

@ObjectType()
export class SourceUsage extends CallCount {
  @Field(() => CallSource)
  source: CallSource;
}

@ObjectType()
export class UsageTotals extends CallCount {
  @Field(() => Int)
  refundedCalls: number;
}

/** The local days a usage report covers, as asked for. */
@ObjectType()
abstract class UsagePeriod {
  @Field()
  from: string;

  @Field()
  to: string;

  @Field()
  timezone: string;
}

@ObjectType()
export class UsageSummary extends UsagePeriod {
  @Field(() => [DailyUsage], { description: 'Every day from..to, days without calls as zero' })
  daily: DailyUsage[];

  @Field(() => [FeatureUsage], { description: 'Features with calls, most credits first' })
  byFeature: FeatureUsage[];

  @Field(() => [SourceUsage], { description: 'DASHBOARD and API, always both' })
  bySource: SourceUsage[];

  @Field(() => UsageTotals)
  totals: UsageTotals;
}

@ObjectType()
export class PlatformDailyUsage extends DailyUsage {
  @Field(() => Int, { description: 'Distinct users with at least one call that day' })
  activeUsers: number;
}

@ObjectType()
export class PlatformUsageTotals extends UsageTotals {
  @Field(() => Int, { description: 'Distinct users with at least one call in the period' })
  activeUsers: number;
}

@ObjectType()
export class PlatformUsage extends UsagePeriod {
  @Field(() => [PlatformDailyUsage])
  daily: PlatformDailyUsage[];

  @Field(() => [FeatureUsage])
  byFeature: FeatureUsage[];

  @Field(() => [SourceUsage])
  bySource: SourceUsage[];

  @Field(() => PlatformUsageTotals)
  totals: PlatformUsageTotals;
}
