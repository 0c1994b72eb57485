import { useTestServer } from '../test/harness';

/** Entities and hand-written migrations must describe the same schema (migrations are the source). */
describe('entities and migrations', () => {
  const server = useTestServer();

  it('leave nothing for TypeORM to change after all migrations ran', async () => {
    const pending = await server.dataSource.driver.createSchemaBuilder().log();
    // Migrations may know more than entities (partial and functional indexes, CHECKs, foreign
    // keys without a relation property); TypeORM would drop those. Anything else — a column
    // missing, a different type, nullability or default — is real drift.
    const drift = pending.upQueries
      .map((q) => q.query)
      .filter((sql) => !/^DROP INDEX /.test(sql) && !/^ALTER TABLE "\w+" DROP CONSTRAINT /.test(sql));
    expect(drift).toEqual([]);
  });

  it('have no pending migration', async () => {
    expect(await server.dataSource.showMigrations()).toBe(false);
  });
});
