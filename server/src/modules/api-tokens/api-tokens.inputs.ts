import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { UuidArgs } from '../../graphql/id-args';

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
export class RenameApiTokenArgs extends UuidArgs {
  @Field()
  @Length(1, 100)
  name: string;
}

@ArgsType()
export class SetApiTokenSpendLimitArgs extends UuidArgs {
  @Field(() => Int, { nullable: true, description: 'null removes the cap' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SPEND_LIMIT)
  spendLimit?: number | null;
}
