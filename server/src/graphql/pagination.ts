import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { badInput } from '../core/errors';

/** Opaque keyset cursor: the (created_at, id) of the last row of a page. */
export interface Keyset {
  createdAt: Date;
  id: string;
}

export function encodeCursor(key: Keyset): string {
  return Buffer.from(`${key.createdAt.toISOString()}|${key.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): Keyset | undefined {
  if (!cursor) return undefined;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(iso);
  if (!id || Number.isNaN(createdAt.getTime())) throw badInput('after', 'after is not a valid cursor');
  return { createdAt, id };
}

/** Opaque cursor of tables ordered by a bigint sequence (the credit ledger): the last row's value. */
export function encodeSequenceCursor(seq: string): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeSequenceCursor(cursor: string | null | undefined): string | undefined {
  if (!cursor) return undefined;
  const match = /^seq:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badInput('after', 'after is not a valid cursor');
  return match[1];
}

/**
 * The `first` and `after` arguments of a list field whose pages hold `defaultFirst` rows unless
 * asked, `maxFirst` at most; extend it to add filters:
 * `@ArgsType() class JobsArgs extends PageArgsOf(20, 100) { … }`.
 */
export function PageArgsOf(defaultFirst: number, maxFirst: number) {
  @ArgsType()
  abstract class PageArgsBase {
    @Field(() => Int, { defaultValue: defaultFirst })
    @Min(1)
    @Max(maxFirst)
    first: number;

    @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
    after?: string | null;
  }
  return PageArgsBase;
}

/** Pages of 50 rows unless asked, 200 at most. */
@ArgsType()
export class PageArgs extends PageArgsOf(50, 200) {}

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor: string | null;

  @Field()
  hasNextPage: boolean;
}

/**
 * The `{ nodes, pageInfo }` object type of a list of `item`s, to extend:
 * `@ObjectType() class LedgerPage extends PageOf(LedgerEntry) {}`.
 */
export function PageOf<T extends object>(item: ClassType<T>) {
  // Not in the schema itself: only the named subclasses are reachable from resolvers.
  @ObjectType()
  abstract class Page {
    @Field(() => [item])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return Page;
}

/**
 * Fetch `first + 1` rows, then call this to cut the extra row and describe the page; the cursor
 * is the last row's (created_at, id) unless `cursorOf` says otherwise.
 */
export function toPage<T extends Keyset>(rows: T[], first: number): { nodes: T[]; pageInfo: PageInfo };
export function toPage<T>(rows: T[], first: number, cursorOf: (row: T) => string): { nodes: T[]; pageInfo: PageInfo };
export function toPage<T>(rows: T[], first: number, cursorOf?: (row: T) => string): { nodes: T[]; pageInfo: PageInfo } {
  const nodes = rows.slice(0, first);
  const last = nodes[nodes.length - 1];
  const cursor = cursorOf ?? (encodeCursor as unknown as (row: T) => string);
  return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: last ? cursor(last) : null } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

/** decodeCursor for tables keyed by uuid: a forged cursor is BAD_USER_INPUT, not a SQL error. */
export function decodeUuidCursor(after: string | null | undefined): Keyset | undefined {
  const key = decodeCursor(after);
  if (key && !isUuid(key.id)) throw badInput('after', 'after is not a valid cursor');
  return key;
}
