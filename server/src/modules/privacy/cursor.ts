import { badInput } from '../../core/errors';
import { Keyset, decodeCursor } from '../../graphql/pagination';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** decodeCursor for tables keyed by uuid: a forged cursor is BAD_USER_INPUT, not a SQL error. */
export function decodeUuidCursor(after: string | null | undefined): Keyset | undefined {
  const key = decodeCursor(after);
  if (key && !UUID.test(key.id)) throw badInput('after', 'after is not a valid cursor');
  return key;
}

export const isUuid = (value: string) => UUID.test(value);
