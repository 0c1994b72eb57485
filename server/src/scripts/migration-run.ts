import { runMigrations } from '../db/migrate';
import { runScript, withDatabase } from './with-database';

runScript(() =>
  withDatabase(async (dataSource) => {
    const applied = await runMigrations(dataSource);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
  }),
);
