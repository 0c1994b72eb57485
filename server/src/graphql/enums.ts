import { registerEnumType } from 'type-graphql';
import { stringEnum, type EnumValues } from '../core/string-enum';

export type { EnumValue } from '../core/string-enum';

/**
 * A string enum whose values are their names (see stringEnum), registered with TypeGraphQL under
 * `name`: the names are written once, and the GraphQL registration cannot be forgotten. It serves
 * `@Field(() => PaymentStatus)`, TypeORM's `enum:` and `PaymentStatus.PENDING` alike.
 */
export function graphqlEnum<const Name extends string>(name: string, names: readonly Name[], description?: string): EnumValues<Name> {
  const values = stringEnum(names);
  registerEnumType(values, description === undefined ? { name } : { name, description });
  return values;
}
