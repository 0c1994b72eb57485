import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runMigrations } from '../db/migrate';
import { runScript, withDatabase } from './with-database';

/**
 * `npm run migration:generate -- <module> <Name>`: compares the entities with the migrated
 * database and writes the SQL difference as a migration into server/src/modules/<module>/migrations/.
 * Add the new class to the `migrations` of the module's descriptor (modules/<module>/index.ts); review the SQL before committing.
 */
runScript(async () => {
  const [moduleName, name] = process.argv.slice(2);
  if (!moduleName || !name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
    throw new Error('usage: npm run migration:generate -- <module> <MigrationName>');
  }
  await withDatabase(async (dataSource) => {
    await runMigrations(dataSource);
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      console.log('entities and database agree: nothing to generate');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const quote = (q: string) => '`' + q.replace(/`/g, '\\`') + '`';
    const up = sql.upQueries.map((q) => `    await q.query(${quote(q.query)});`).join('\n');
    const down = sql.downQueries.reverse().map((q) => `    await q.query(${quote(q.query)});`).join('\n');
    const source = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
${up}
  }

  async down(q: QueryRunner): Promise<void> {
${down}
  }
}
`;
    const file = path.resolve(__dirname, '..', '..', 'src', 'modules', moduleName, 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(file, source);
    console.log(`wrote ${path.relative(process.cwd(), file)}; add ${className} to the migrations of server/src/modules/${moduleName}/index.ts`);
  });
});
