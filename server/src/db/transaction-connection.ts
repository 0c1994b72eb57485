import type { ClientBase } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * The pg connection under a running TypeORM transaction, for statements that must join it but
 * are not TypeORM's: a named (prepared) statement, a library's own SQL (pg-boss's `db` option).
 */
export function connectionOf(manager: EntityManager): ClientBase {
  const connection = (manager.queryRunner as unknown as { databaseConnection?: ClientBase } | undefined)?.databaseConnection;
  if (!connection || !manager.queryRunner?.isTransactionActive) throw new Error('expected the entity manager of a running transaction');
  return connection;
}
