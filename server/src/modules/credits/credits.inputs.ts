import { IsInt, IsUUID, Length, NotEquals } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class AdjustCreditsInput {
  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field(() => Int, { description: 'Positive grants, negative takes; a take larger than the balance is refused' })
  @IsInt()
  @NotEquals(0, { message: 'delta must not be 0' })
  delta: number;

  @Field()
  @Length(3, 500)
  reason: string;
}
