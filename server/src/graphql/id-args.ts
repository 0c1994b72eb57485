import { IsUUID } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';

/** The one `id: ID!` argument of a field that reads or acts on one row; the service says when there is no such row. */
@ArgsType()
export class IdArgs {
  @Field(() => ID)
  id: string;
}

/** The one `id: ID!` argument where the id must be a UUID (refused as invalid input otherwise). */
@ArgsType()
export class UuidArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}
