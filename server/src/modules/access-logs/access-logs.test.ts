import { Client } from 'pg';
import { signUp, TestServer, tokenClient, useTestServer } from '../../test/harness';
import { promise } from '../privacy-promises/promise-test';
import type { AccessLogLine } from './access-log.service';

type LogRow = AccessLogLine;

/** The log is written once the response finished; wait for the line to appear. */
async function logLines(server: TestServer, where: string, params: unknown[], expected = 1): Promise<LogRow[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    await server.app.services.accessLogs.flush();
    const rows: LogRow[] = await server.dataSource.query(`SELECT * FROM access_logs WHERE ${where} ORDER BY id`, params);
    if (rows.length >= expected) return rows;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`expected ${expected} access log lines for ${where}`);
}

describe('access log', () => {
  const server = useTestServer();

  promise('001-1.5-server-logs', 'records ip, method, path, status, user, user agent and time of a GraphQL call, and nothing secret', async () => {
    const client = server.client();
    const user = await signUp(client, { password: 'password-must-not-be-logged' });
    const { createApiToken } = await client.ok('mutation { createApiToken(input: { name: "log test" }) { secret } }');
    const agent = `vg-agent-${Date.now()}`;
    await client.request('{ me { id } }', {}, { 'user-agent': agent });

    const [line] = await logLines(server, 'user_agent = $1', [agent]);
    expect(line).toMatchObject({ ip: '127.0.0.1', method: 'POST', path: '/graphql', status: 200, user_id: user.id });
    expect(line.duration_ms).toBeGreaterThanOrEqual(0);
    expect(Math.abs(new Date(line.created_at).getTime() - server.clock.now().getTime())).toBeLessThan(60_000);

    const everything = JSON.stringify(await server.dataSource.query('SELECT * FROM access_logs'));
    expect(everything).not.toContain(client.cookies.get('vg_session'));
    expect(everything).not.toContain(createApiToken.secret);
    expect(everything).not.toContain('password-must-not-be-logged');
    expect(everything).not.toContain('createApiToken');
  });

  it('records the token owner for API-token calls and no user for anonymous ones', async () => {
    const owner = server.client();
    const user = await signUp(owner);
    const script = await tokenClient(server, owner, 'script');
    await script.request('{ me { id } }', {}, { 'user-agent': 'script-agent/1' });
    await server.client().request('{ me { id } }', {}, { 'user-agent': 'anonymous-agent/1' });

    expect((await logLines(server, 'user_agent = $1', ['script-agent/1']))[0].user_id).toBe(user.id);
    expect((await logLines(server, 'user_agent = $1', ['anonymous-agent/1']))[0].user_id).toBeNull();
  });

  it('logs express routes too, with their status and without the query string', async () => {
    const response = await fetch(`${server.url}/healthz?token=secret-in-query`, { headers: { 'user-agent': 'health-agent/1' } });
    expect(response.status).toBe(200);
    // Served by the client's SPA fallback when client/dist is built, else express's 404.
    const other = await fetch(`${server.url}/no/such/page?x=1`, { headers: { 'user-agent': 'health-agent/1' } });
    const lines = await logLines(server, 'user_agent = $1', ['health-agent/1'], 2);
    expect(lines.map((l) => [l.method, l.path, l.status])).toEqual([
      ['GET', '/healthz', 200],
      ['GET', '/no/such/page', other.status],
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-in-query');
  });

  it('records the user of routes that authenticate on their own (the export download)', async () => {
    const client = server.client();
    const user = await signUp(client);
    const response = await fetch(`${server.url}/me/export.json`, { headers: { ...client.authHeaders(), 'user-agent': 'export-agent/1' } });
    expect(response.status).toBe(200);
    const [line] = await logLines(server, 'user_agent = $1', ['export-agent/1']);
    expect(line).toMatchObject({ path: '/me/export.json', status: 200, user_id: user.id });
  });
  it('writes a burst of requests in a few multi-row INSERTs, not one per request', async () => {
    const client = server.client();
    await signUp(client);
    await server.app.services.accessLogs.flush();
    let inserts = 0;
    const original = Client.prototype.query;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (/INSERT INTO access_logs/.test(String((args[0] as { text?: string })?.text ?? args[0]))) inserts += 1;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      await Promise.all(Array.from({ length: 60 }, () => client.request('{ me { id } }', {}, { 'user-agent': 'burst-agent/1' })));
      const lines = await logLines(server, 'user_agent = $1', ['burst-agent/1'], 60);
      expect(lines).toHaveLength(60);
    } finally {
      Client.prototype.query = original;
    }
    expect(inserts).toBeGreaterThanOrEqual(1);
    expect(inserts).toBeLessThanOrEqual(3);
  });

  it('writes lines still buffered when their user erased the account without the user link', async () => {
    const client = server.client();
    const user = await signUp(client, { password: 'erase me please' });
    await server.app.services.accessLogs.flush();
    await client.request('{ me { id } }', {}, { 'user-agent': 'erased-agent/1' }); // buffered, not yet written
    // The erasure commits while the line waits in the buffer (as in another replica's buffer).
    await client.ok('mutation D($i: DeleteAccountInput!) { deleteMyAccount(input: $i) }', { i: { password: 'erase me please' } });
    const lines = await logLines(server, 'user_agent = $1', ['erased-agent/1']);
    expect(lines[0].user_id).toBeNull();
    const linked = await server.dataSource.query('SELECT count(*)::int AS n FROM access_logs WHERE user_id = $1', [user.id]);
    expect(linked[0].n).toBe(0);
  });
});
