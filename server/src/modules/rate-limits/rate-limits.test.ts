import { randomBytes } from 'node:crypto';
import { REGISTER, TestServer, signUp, startTestServer } from '../../test/harness';
import { TestRedis, testRedis } from '../../test/redis';

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { id } }';

describe('rate limits', () => {
  it('limits sign-ups per IP with RATE_LIMITED and retryAfter', async () => {
    const server = await startTestServer({ env: { SIGNUP_RATE_LIMIT: '2' } });
    try {
      await signUp(server.client());
      await signUp(server.client());
      const third = await server.client().request(REGISTER, {
        input: { firstName: 'A', lastName: 'B', email: `third-${Date.now()}@example.com`, password: 'long enough pw', acceptTerms: true, confirmAge16: true },
      });
      expect(third.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
      const [{ count }] = await server.dataSource.query('SELECT count(*)::int AS count FROM users');
      expect(count).toBe(2);
    } finally {
      await server.close();
    }
  });

  describe('shared through Redis across server processes', () => {
    const servers: TestServer[] = [];
    let redis: TestRedis | undefined;
    beforeAll(async () => {
      redis = await testRedis();
      const env = { REDIS_URL: redis.url, LOGIN_RATE_LIMIT: '3', RATE_LIMIT_PREFIX: `test-${randomBytes(4).toString('hex')}` };
      servers.push(await startTestServer({ env }));
      // The second app uses the same database, like a second replica behind a load balancer.
      servers.push(await startTestServer({ env, shareDatabaseWith: servers[0] }));
    });
    afterAll(async () => {
      for (const server of servers.reverse()) await server.close();
      await redis?.stop();
    });

    it('counts login attempts on both servers against one limit', async () => {
      const [a, b] = servers;
      const user = await signUp(a.client());
      const wrong = { input: { email: user.email, password: 'not the password' } };
      expect(await a.client().errorCode(LOGIN, wrong)).toBe('UNAUTHENTICATED');
      expect(await b.client().errorCode(LOGIN, wrong)).toBe('UNAUTHENTICATED');
      expect(await a.client().errorCode(LOGIN, wrong)).toBe('UNAUTHENTICATED');
      expect(await b.client().errorCode(LOGIN, { input: { email: user.email, password: user.password } })).toBe('RATE_LIMITED');
    });
  });
});
