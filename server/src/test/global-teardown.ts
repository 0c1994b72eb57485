import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.VG_TEST_ADMIN_URL;
  const template = process.env.VG_TEST_TEMPLATE;
  if (adminUrl && template) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`).catch(() => undefined);
    await admin.end();
  }
  await (globalThis as { __embeddedStop?: () => Promise<void> }).__embeddedStop?.();
}
