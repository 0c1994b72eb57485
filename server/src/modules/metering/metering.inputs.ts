import { IsDate, IsEnum, IsIn, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { CallSource, ConsumptionStatus } from './consumption-log.entity';

/** Shared by the GraphQL query and the CSV download (which fills it from query parameters). */
@InputType()
export class ConsumptionLogFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  feature?: string | null;

  @Field(() => CallSource, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(CallSource), { message: 'source must be DASHBOARD or API' })
  source?: CallSource | null;

  @Field(() => ConsumptionStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ConsumptionStatus, { message: 'status must be PENDING, SUCCEEDED, FAILED or REFUNDED' })
  status?: ConsumptionStatus | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID(undefined, { message: 'apiTokenId must be a token id' })
  apiTokenId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Calls at or after this instant' })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Calls before this instant' })
  @IsOptional()
  @IsDate()
  to?: Date | null;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

@ArgsType()
export class UsageArgs {
  @Field({ description: 'First day (YYYY-MM-DD) in `timezone`, inclusive' })
  @Matches(LOCAL_DATE, { message: 'from must be a date like 2025-01-31' })
  from: string;

  @Field({ description: 'Last day (YYYY-MM-DD) in `timezone`, inclusive' })
  @Matches(LOCAL_DATE, { message: 'to must be a date like 2025-01-31' })
  to: string;

  @Field({ defaultValue: 'UTC', description: 'IANA time zone whose calendar days bucket the calls, e.g. Europe/Vilnius' })
  @Length(1, 64)
  timezone: string;
}
