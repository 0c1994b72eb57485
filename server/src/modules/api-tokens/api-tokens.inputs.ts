import { IsInt, IsOptional, IsUUID, Length, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';

const MAX_SPEND_LIMIT = 1_000_000_000;

@InputType()
export class CreateApiTokenInput {
  @Field({ description: 'What the token is for, e.g. "CI pipeline"' })
  @Length(1, 100)
  name: string;

  @Field(() => Date, { nullable: true, description: 'After this instant the token stops working; null = never' })
  @IsOptional()
  expiresAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Monthly credit cap for calls made with this token; null = no cap' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SPEND_LIMIT)
  spendLimit?: number | null;
}

@ArgsType()
export class ApiTokenIdArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@ArgsType()
export class RenameApiTokenArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field()
  @Length(1, 100)
  name: string;
}

@ArgsType()
export class SetApiTokenSpendLimitArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int, { nullable: true, description: 'null removes the cap' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SPEND_LIMIT)
  spendLimit?: number | null;
}
