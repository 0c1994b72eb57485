import { Client } from 'pg';
import { signUp, startTestServer, TestServer, useTestServer } from '../../test/harness';
import { RETENTION_LOCK_KEY } from './retention.service';
import { promise } from '../privacy-promises/promise-test';

const DAY_MS = 24 * 60 * 60 * 1000;

async function waitForLog(server: TestServer, agent: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    await server.app.services.accessLogs.flush();
    const rows = await server.dataSource.query('SELECT 1 FROM access_logs WHERE user_agent = $1', [agent]);
    if (rows.length) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no access log line for ${agent}`);
}

async function insertPayment(server: TestServer, userId: string | null, createdAt: Date): Promise<string> {
  const [row] = await server.dataSource.query(
    `INSERT INTO payments (user_id, status, amount_cents, currency, credits, pack_name, checkout_session_id, created_at, updated_at)
     VALUES ($1, 'SUCCEEDED', 1000, 'usd', 100, 'Starter', $2, $3, $3) RETURNING id`,
    [userId, `cs_test_${Math.random().toString(36).slice(2)}`, createdAt],
  );
  return row.id;
}

describe('retention', () => {
  const server = useTestServer();

  it('starts no timer in tests unless asked', () => {
    expect(server.config.retentionIntervalMs).toBe(0);
    expect(server.app.services.retention.scheduled).toBe(false);
  });

  promise('001-6-server-logs-90-days', 'deletes access logs older than 90 days and keeps newer ones (clock moved 91 days)', async () => {
    await fetch(`${server.url}/healthz`, { headers: { 'user-agent': 'old-agent' } });
    await waitForLog(server, 'old-agent');
    server.clock.advance(91 * DAY_MS);
    await fetch(`${server.url}/healthz`, { headers: { 'user-agent': 'new-agent' } });
    await waitForLog(server, 'new-agent');

    const outcome = await server.app.services.retention.runOnce();
    expect(outcome).toMatchObject({ ran: true, errors: {} });
    const agents = (await server.dataSource.query('SELECT user_agent FROM access_logs')).map((r: { user_agent: string }) => r.user_agent);
    expect(agents).toContain('new-agent');
    expect(agents).not.toContain('old-agent');
    if (!outcome.ran) throw new Error('unreachable');
    expect(outcome.deleted.accessLogs).toBeGreaterThanOrEqual(1);

    const [run] = await server.dataSource.query('SELECT deleted, errors, run_by FROM retention_runs ORDER BY started_at DESC LIMIT 1');
    expect(run.deleted.accessLogs).toBe(outcome.deleted.accessLogs);
    expect(run.errors).toEqual({});
    expect(run.run_by).toMatch(/:\d+$/);
  });

  promise('001-6-payments-7-years', 'deletes payments older than 7 years (and their Stripe events), keeps younger ones', async () => {
    const user = await signUp(server.client());
    const now = server.clock.now().getTime();
    const old = await insertPayment(server, null, new Date(now - (7 * 365 + 3) * DAY_MS));
    const young = await insertPayment(server, user.id, new Date(now - 6 * 365 * DAY_MS));
    await server.dataSource.query(
      `INSERT INTO stripe_events (event_id, type, payment_id, outcome) VALUES ($1, 'checkout.session.completed', $2, 'APPLIED')`,
      [`evt_${old.slice(0, 8)}`, old],
    );
    const outcome = await server.app.services.retention.runOnce();
    expect(outcome.ran && outcome.deleted.payments).toBe(1);
    const ids = (await server.dataSource.query('SELECT id FROM payments')).map((r: { id: string }) => r.id);
    expect(ids).toContain(young);
    expect(ids).not.toContain(old);
  });

  it('purges outbox mail older than 30 days', async () => {
    const now = server.clock.now().getTime();
    await server.dataSource.query(
      `INSERT INTO outbox (kind, to_address, subject, body, status, created_at) VALUES
       ('MARKETING', 'old@example.com', 's', 'b', 'HELD', $1), ('MARKETING', 'new@example.com', 's', 'b', 'HELD', $2)`,
      [new Date(now - 31 * DAY_MS), new Date(now - 29 * DAY_MS)],
    );
    await server.app.services.retention.runOnce();
    const addresses = (await server.dataSource.query('SELECT to_address FROM outbox')).map((r: { to_address: string }) => r.to_address);
    expect(addresses).toContain('new@example.com');
    expect(addresses).not.toContain('old@example.com');
  });

  it('lets exactly one of two concurrent runs do the work', async () => {
    const retention = server.app.services.retention;
    let release!: () => void;
    let started!: () => void;
    const jobStarted = new Promise<void>((resolve) => (started = resolve));
    let calls = 0;
    const unregister = retention.register({
      name: 'slowProbe',
      run: async () => {
        calls++;
        started();
        await new Promise<void>((resolve) => (release = resolve));
        return 0;
      },
    });
    try {
      const [{ count: before }] = await server.dataSource.query('SELECT count(*)::int AS count FROM retention_runs');
      const first = retention.runOnce();
      await jobStarted;
      const second = await retention.runOnce();
      expect(second).toEqual({ ran: false, reason: 'LOCKED' });
      release();
      expect((await first).ran).toBe(true);
      expect(calls).toBe(1);
      const [{ count: after }] = await server.dataSource.query('SELECT count(*)::int AS count FROM retention_runs');
      expect(after).toBe(before + 1);
    } finally {
      release?.();
      unregister();
    }
  });

  it('skips while another process (another database session) holds the lock', async () => {
    const other = new Client({ connectionString: (server.dataSource.options as { url: string }).url });
    await other.connect();
    try {
      const [{ locked }] = (await other.query('SELECT pg_try_advisory_lock($1) AS locked', [RETENTION_LOCK_KEY])).rows;
      expect(locked).toBe(true);
      expect(await server.app.services.retention.runOnce()).toEqual({ ran: false, reason: 'LOCKED' });
      await other.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
      expect((await server.app.services.retention.runOnce()).ran).toBe(true);
    } finally {
      await other.end();
    }
  });

  it('keeps running the other jobs when one fails, and records the failure', async () => {
    const retention = server.app.services.retention;
    const unregister = retention.register({
      name: 'broken',
      run: async () => {
        throw new Error('disk on fire');
      },
    });
    const outcome = await retention.runOnce();
    unregister();
    if (!outcome.ran) throw new Error('expected a run');
    expect(outcome.errors).toEqual({ broken: 'disk on fire' });
    expect(outcome.deleted).toHaveProperty('accessLogs');
    const [run] = await server.dataSource.query('SELECT errors FROM retention_runs ORDER BY started_at DESC LIMIT 1');
    expect(run.errors).toEqual({ broken: 'disk on fire' });
  });
});

describe('retention scheduler', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { RETENTION_INTERVAL_MS: String(60 * 60 * 1000) } });
  });
  afterAll(async () => {
    server.app.services.retention.stop();
    await server.close();
  });

  it('runs on a timer when RETENTION_INTERVAL_MS is set, skipping a tick right after another run', async () => {
    const retention = server.app.services.retention;
    expect(retention.scheduled).toBe(true);
    expect((await retention.runOnce()).ran).toBe(true);
    // Another process ran moments ago: this process's tick does nothing.
    expect(await retention.runScheduled()).toEqual({ ran: false, reason: 'RECENT' });
    server.clock.advance(31 * 60 * 1000);
    expect((await retention.runScheduled()).ran).toBe(true);
  });
});
