import { eventually } from './test/eventually';
import { TestServer, signUp, startTestServer } from './test/harness';

/**
 * Two app instances on one database, each with its own connection pool, as two replicas behind
 * a load balancer: the database alone keeps spends and retention runs exactly-once.
 */
describe('two app instances on one database', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer();
    b = await startTestServer({ shareDatabaseWith: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('never double-spends when both charge the same user at once', async () => {
    const user = await signUp(a.client());
    const charge = (server: TestServer, i: number) =>
      server.app.services.metering
        .charge({ userId: user.id, credits: 1, feature: 'OBJECT_DETECTION', source: 'API', apiTokenId: null, requestFingerprint: `call-${i}` })
        .then(() => true, (error: { extensions?: { code?: string } }) => {
          expect(error.extensions?.code).toBe('INSUFFICIENT_CREDITS');
          return false;
        });
    const outcomes = await Promise.all(Array.from({ length: 120 }, (_, i) => charge(i % 2 ? a : b, i)));
    expect(outcomes.filter(Boolean)).toHaveLength(50);
    const [{ credits }] = await a.dataSource.query('SELECT credits FROM users WHERE id = $1', [user.id]);
    const [{ sum }] = await a.dataSource.query('SELECT sum(delta)::int AS sum FROM credit_ledger WHERE user_id = $1', [user.id]);
    expect(credits).toBe(0);
    expect(sum).toBe(0);
  });

  it('logout on one instance refuses a copy of the cookie on the other at its next request', async () => {
    const onA = a.client();
    const user = await signUp(onA);
    const copyOnB = b.client();
    copyOnB.cookies.set('vg_session', onA.cookies.get('vg_session')!);
    // B now holds the session (and the viewer) in memory: only the announcement can end it there.
    expect((await copyOnB.ok('{ me { id } }')).me.id).toBe(user.id);
    expect((await copyOnB.ok('{ me { id } }')).me.id).toBe(user.id);

    await onA.ok('mutation { logout }');
    await eventually(async () => expect((await copyOnB.ok('{ me { id } }')).me).toBeNull());
  });

  it('the other instance notes a session it has not seen yet as used', async () => {
    const onA = a.client();
    const user = await signUp(onA);
    await a.dataSource.query(`UPDATE user_sessions SET last_seen_at = '2020-01-01' WHERE user_id = $1`, [user.id]);
    const onB = b.client();
    onB.cookies.set('vg_session', onA.cookies.get('vg_session')!);
    await onB.ok('{ me { id } }');
    const lastSeen = async () => (await a.dataSource.query('SELECT last_seen_at FROM user_sessions WHERE user_id = $1', [user.id]))[0].last_seen_at.getTime();
    await eventually(async () => expect(await lastSeen()).toBeGreaterThan(Date.now() - 60_000));
  });

  it('runs retention once when both instances start a run at the same moment', async () => {
    const [first, second] = await Promise.all([a, b].map((s) => s.app.services.retention.runOnce({ skipIfRanWithinMs: 60_000 })));
    expect([first.ran, second.ran].filter(Boolean)).toHaveLength(1);
    const [{ count }] = await a.dataSource.query('SELECT count(*)::int AS count FROM retention_runs');
    expect(count).toBe(1);
  });
});
