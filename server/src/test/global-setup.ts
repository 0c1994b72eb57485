import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../app';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { runMigrations } from '../db/migrate';

/**
 * Finds a real PostgreSQL (DATABASE_URL, else an embedded one), migrates a template database
 * once, and tells the test files where it is; each file then clones its own database from it.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = process.env.TEST_DATA_DIR ?? path.join(os.tmpdir(), 'visiongate-test-db');
    const embedded = await startEmbeddedPostgres(dataDir, { port: 55432 });
    (globalThis as { __embeddedStop?: () => Promise<void> }).__embeddedStop = embedded.stop;
    adminUrl = embedded.url;
  }
  const template = `vg_template_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();

  const templateUrl = withDatabase(adminUrl, template);
  const dataSource = await createDataSource(templateUrl).initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  process.env.VG_TEST_ADMIN_URL = adminUrl;
  process.env.VG_TEST_TEMPLATE = template;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
