import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Keyset } from '../graphql/pagination';

/**
 * One page in the API's order: by (created_at, id), newest first unless `oldestFirst`, at most
 * `first` rows, starting after the keyset cursor `after`. Filters may be added before or after.
 */
export function keysetPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  first: number,
  after: Keyset | undefined,
  { oldestFirst = false } = {},
): SelectQueryBuilder<T> {
  const { alias } = query;
  const direction = oldestFirst ? 'ASC' : 'DESC';
  query.orderBy(`${alias}.created_at`, direction).addOrderBy(`${alias}.id`, direction).take(first);
  if (after) query.andWhere(`(${alias}.created_at, ${alias}.id) ${oldestFirst ? '>' : '<'} (:createdAt, :id)`, after);
  return query;
}
