/** The object stringEnum builds: each name is its own value. */
export type EnumValues<Name extends string> = { readonly [N in Name]: N };

/** The union of an enum object's values: `export type MailKind = EnumValue<typeof MailKind>`. */
export type EnumValue<E> = E[keyof E];

/**
 * A string enum whose values are their names, the names written once. Used like a TS string enum
 * (`MailKind.MARKETING`, `Record<MailKind, …>`); unlike one, a caller may also pass 'MARKETING'.
 */
export function stringEnum<const Name extends string>(names: readonly Name[]): EnumValues<Name> {
  return Object.freeze(Object.fromEntries(names.map((value) => [value, value]))) as EnumValues<Name>;
}
