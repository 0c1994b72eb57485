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

  it('runs retention once when both instances start a run at the same moment', async () => {
    const [first, second] = await Promise.all([a, b].map((s) => s.app.services.retention.runOnce({ skipIfRanWithinMs: 60_000 })));
    expect([first.ran, second.ran].filter(Boolean)).toHaveLength(1);
    const [{ count }] = await a.dataSource.query('SELECT count(*)::int AS count FROM retention_runs');
    expect(count).toBe(1);
  });
});
