import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * For hot reads by raw SQL: the select list of an entity's columns aliased to its property
 * names (derived from TypeORM's metadata, so it cannot drift), and a mapper to the entity class.
 */
export function entityRows<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>) {
  const metadata = dataSource.getMetadata(target);
  const select = metadata.columns
    .map((column) => `"${column.databaseName}" AS "${column.propertyName}"`)
    .join(', ');
  const toEntity = (row: Record<string, unknown>): T => Object.assign(metadata.create() as T, row);
  return { select, table: metadata.tableName, toEntity };
}
