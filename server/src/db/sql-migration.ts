import { MigrationInterface, QueryRunner } from 'typeorm';

/** One step of a migration: an SQL statement, or a function for what SQL alone cannot say. */
export type MigrationStep = string | ((q: QueryRunner) => Promise<void>);

/**
 * A migration that is a fixed list of steps each way, run in order in the migration's transaction.
 * `name` is what TypeORM records in the migrations table (the class name with its timestamp).
 */
export function sqlMigration(name: string, steps: { up: MigrationStep[]; down: MigrationStep[] }): new () => MigrationInterface {
  const run = async (q: QueryRunner, list: MigrationStep[]) => {
    for (const step of list) {
      if (typeof step === 'string') await q.query(step);
      else await step(q);
    }
  };
  return class implements MigrationInterface {
    name = name;
    up = (q: QueryRunner) => run(q, steps.up);
    down = (q: QueryRunner) => run(q, steps.down);
  };
}

/**
 * A trigger function announcing the id of the row it fires for (OLD.id) on a LISTEN/NOTIFY
 * channel; the processes listening drop what they hold of that row.
 */
export function notifyRowIdFunction(name: string, channel: string): string {
  return `
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${channel}', OLD.id::text);
        RETURN NULL;
      END $$`;
}
