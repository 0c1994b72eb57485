import { Client } from 'pg';
import { signUpAdmin, useTestServer } from '../../test/harness';

/** Runs `work` and counts the SQL reads every pg client sends meanwhile. */
async function countReads(work: () => Promise<void>): Promise<number> {
  let queries = 0;
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const sql = String((args[0] as { text?: string })?.text ?? args[0]);
    // Reads only: access-log lines and background listeners of earlier requests write, they don't read the list.
    if (/^\s*(SELECT|WITH)\b/i.test(sql)) queries += 1;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await work();
  } finally {
    Client.prototype.query = original;
  }
  return queries;
}

/** The admin user list fans out to tokens and payments without one query per user. */
describe('admin lists without N+1 queries', () => {
  const server = useTestServer();

  it('loads 100 users with their tokens in at most 3 SQL queries, and their payments in one more (auth included)', async () => {
    const admin = server.client();
    await signUpAdmin(server, admin);
    // 99 more users with two tokens and one payment each, inserted directly (bcrypt per user would be slow).
    await server.dataSource.query(`
      WITH u AS (
        INSERT INTO users (email, first_name, last_name, credits)
        SELECT 'bulk' || i || '@example.com', 'Bulk', 'User' || i, 0 FROM generate_series(1, 99) i
        RETURNING id),
      t AS (
        INSERT INTO api_tokens (user_id, name, prefix, token_hash)
        SELECT id, 'token ' || n, 'vg_' || substr(md5(id::text || n), 1, 6), md5(id::text || n) || md5(n || id::text)
        FROM u, generate_series(1, 2) n RETURNING 1)
      INSERT INTO payments (user_id, status, amount_cents, currency, credits, pack_name, checkout_session_id)
      SELECT id, 'SUCCEEDED', 1000, 'usd', 100, 'Starter', 'cs_' || id FROM u`);
    await server.app.services.events.settle();

    const withTokens = await countReads(async () => {
      const result = await admin.ok(`{ users(first: 100) { nodes { id email apiTokens { id prefix } } } }`);
      const nodes = result.users.nodes as Array<{ apiTokens: unknown[] }>;
      expect(nodes).toHaveLength(100);
      expect(nodes.filter((n) => n.apiTokens.length === 2)).toHaveLength(99);
    });
    // The session check, the page of users, all their tokens.
    expect(withTokens).toBeLessThanOrEqual(3);

    const withPayments = await countReads(async () => {
      const result = await admin.ok(`{ users(first: 100) { nodes { id email apiTokens { id prefix } payments { id amountCents } } } }`);
      const nodes = result.users.nodes as Array<{ apiTokens: unknown[]; payments: unknown[] }>;
      expect(nodes).toHaveLength(100);
      expect(nodes.filter((n) => n.apiTokens.length === 2 && n.payments.length === 1)).toHaveLength(99);
    });
    // …and all their payments in one more.
    expect(withPayments).toBeLessThanOrEqual(4);
  });
});
