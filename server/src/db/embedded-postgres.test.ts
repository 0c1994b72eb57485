import { transformFileSync } from '@swc/core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The README's start command needs no database: an embedded PostgreSQL from an empty data folder.
 * The package is ESM, which jest's module runtime cannot load on Node 20, so the module under
 * test is compiled and run in a plain Node process, as `npm start` runs it.
 */
function compileForNode(source: string): string {
  const outDir = path.resolve(__dirname, '..', '..', 'test-results', 'compiled');
  mkdirSync(outDir, { recursive: true });
  const { code } = transformFileSync(source, {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const file = path.join(outDir, `${path.basename(source, '.ts')}.js`);
  writeFileSync(file, code);
  return file;
}

const SCENARIO = `
const { Client } = require('pg');
const { startEmbeddedPostgres } = require(process.argv[1]);
const dataDir = process.argv[2];
async function withDb(fn) {
  const db = await startEmbeddedPostgres(dataDir, { port: 0 });
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try { return await fn(client); } finally { await client.end(); await db.stop(); }
}
(async () => {
  const version = await withDb(async (c) => {
    await c.query('CREATE TABLE kept (value text)');
    await c.query("INSERT INTO kept VALUES ('still here')");
    return Number((await c.query('SHOW server_version_num')).rows[0].server_version_num);
  });
  const rows = await withDb(async (c) => (await c.query('SELECT value FROM kept')).rows);
  console.log(JSON.stringify({ version, rows }));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('embedded PostgreSQL', () => {
  it('initialises an empty data folder, serves queries and keeps data across restarts', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vg-embedded-'));
    expect(readdirSync(dataDir)).toEqual([]);
    try {
      const compiled = compileForNode(path.join(__dirname, 'embedded-postgres.ts'));
      const output = execFileSync(process.execPath, ['-e', SCENARIO, compiled, dataDir], {
        cwd: path.dirname(compiled),
        encoding: 'utf8',
        timeout: 110_000,
      });
      const result = JSON.parse(output.trim().split('\n').pop()!);
      expect(result.version).toBeGreaterThanOrEqual(150000);
      expect(result.rows).toEqual([{ value: 'still here' }]);
      expect(readdirSync(path.join(dataDir, 'postgres'))).toContain('PG_VERSION');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
