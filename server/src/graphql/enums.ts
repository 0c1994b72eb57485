import { registerEnumType } from 'type-graphql';

/** The object graphqlEnum builds: each name is its own value. */
export type EnumValues<Name extends string> = { readonly [N in Name]: N };

/** The union of an enum object's values: `export type PaymentStatus = EnumValue<typeof PaymentStatus>`. */
export type EnumValue<E> = E[keyof E];

/**
 * A string enum whose values are their names, registered with TypeGraphQL under `name`: the names
 * are written once, and the GraphQL registration cannot be forgotten. Like a TS string enum it is
 * used as `PaymentStatus.PENDING`, by TypeORM (`enum:`) and by `@Field(() => PaymentStatus)`; unlike
 * one, a caller may also pass the literal 'PENDING'.
 */
export function graphqlEnum<const Name extends string>(name: string, names: readonly Name[], description?: string): EnumValues<Name> {
  const values = Object.freeze(Object.fromEntries(names.map((value) => [value, value]))) as EnumValues<Name>;
  registerEnumType(values, description === undefined ? { name } : { name, description });
  return values;
}
