import { signUp, useTestServer } from '../../test/harness';

describe('health, readiness and metrics', () => {
  const server = useTestServer({ env: { METRICS_TOKEN: 'metrics-secret', CORS_ORIGINS: 'https://app.example.com' } });

  it('answers /healthz and /readyz when the database is reachable and migrated', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('reports not ready while a migration is pending', async () => {
    await server.dataSource.query(`DELETE FROM migrations WHERE name = (SELECT name FROM migrations ORDER BY id DESC LIMIT 1) RETURNING name`);
    try {
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
    } finally {
      await server.dataSource.runMigrations({ transaction: 'all' }).catch(() => undefined);
    }
  });

  it('counts requests in /metrics and guards it with METRICS_TOKEN', async () => {
    await signUp(server.client());
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer metrics-secret' } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/visiongate_http_requests_total\{route="\/graphql",method="POST",status="200"\} [1-9]/);
    expect(text).toContain('visiongate_http_request_duration_seconds_bucket');
  });

  it('sends security headers and a request id on GraphQL (answers and errors) and other routes', async () => {
    const graphql = (body: string) => fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    for (const response of [
      await graphql('{"query":"{ __typename }"}'),
      await graphql('{"query":"{ nope }"}'),
      await graphql('{not json'),
      await fetch(`${server.url}/healthz`),
    ]) {
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    }
    const echoed = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
  });

  it('allows CORS only for listed origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const refused = await preflight('https://evil.example.com');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    // Refused by Apollo with a JSON error, as it was before GraphQL got its own header path.
    expect(refused.headers.get('content-type')).toContain('application/json');
    expect(((await refused.json()) as { errors: Array<{ message: string }> }).errors[0].message).toMatch(/Cross-Site Request Forgery/);

    // The request itself: GraphQL sends its headers in one list, CORS and Set-Cookie included.
    const email = `cors-${Date.now()}@example.com`;
    const register = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://app.example.com' },
      body: JSON.stringify({
        query: 'mutation R($i: RegisterInput!) { register(input: $i) { id } }',
        variables: { i: { firstName: 'C', lastName: 'O', email, password: 'a long password 1', acceptTerms: true, confirmAge16: true } },
      }),
    });
    expect(register.status).toBe(200);
    expect(register.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(register.headers.get('vary')).toBe('Origin');
    expect(register.headers.getSetCookie()[0]).toMatch(/^vg_session=/);
    expect(register.headers.get('content-security-policy')).toContain("default-src 'self'");
    const foreign = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example.com' },
      body: '{"query":"{ __typename }"}',
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
