import { DataSource } from 'typeorm';

/** Applies pending migrations in one transaction; safe when several processes start at once. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    // Serialise concurrent starters; the second one finds nothing left to run.
    await queryRunner.query('SELECT pg_advisory_lock(7263541)');
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await queryRunner.query('SELECT pg_advisory_unlock(7263541)').catch(() => undefined);
    await queryRunner.release();
  }
}
