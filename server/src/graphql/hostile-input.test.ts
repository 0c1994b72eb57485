import { TestServer, signUp, startTestServer } from '../test/harness';

/**
 * Abusive requests get a clear error code and a 4xx, never a 5xx, and the server stays healthy.
 * (Upload and URL abuse is covered with the vision module's tests.)
 */
describe('hostile GraphQL input', () => {
  let server: TestServer;
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const errorCodeOf = async (response: Response) => {
    const json = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    return json.errors?.[0]?.extensions?.code;
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    const health = await post('{"query":"{ __typename }"}');
    expect(await health.json()).toEqual({ data: { __typename: 'Query' } });
  });
  afterAll(() => server.close());

  it('refuses malformed JSON with 400 BAD_REQUEST', async () => {
    const response = await post('{"query": "{ me { id } ');
    expect(response.status).toBe(400);
    expect(await errorCodeOf(response)).toBe('BAD_REQUEST');
  });

  it('refuses an unknown field or operation as a validation error', async () => {
    const unknownField = await post(JSON.stringify({ query: '{ secretAdminBackdoor }' }));
    expect(unknownField.status).toBe(400);
    expect(await errorCodeOf(unknownField)).toBe('GRAPHQL_VALIDATION_FAILED');
    const unknownOperation = await post(JSON.stringify({ query: 'query A { me { id } }', operationName: 'B' }));
    expect(unknownOperation.status).toBeLessThan(500);
    expect(await errorCodeOf(unknownOperation)).toBeDefined();
  });

  it('refuses 10 000 aliases before executing anything', async () => {
    const aliases = Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ');
    const response = await post(JSON.stringify({ query: `{ ${aliases} }` }));
    expect(response.status).toBeLessThan(500);
    expect(await errorCodeOf(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    const twenty = await post(JSON.stringify({ query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }` }));
    expect(twenty.status).toBe(400);
    const body = (await twenty.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/alias/i);
  });

  it('refuses documents nested deeper than the limit, but not introspection', async () => {
    const shallow = await startTestServer({ env: { GRAPHQL_MAX_DEPTH: '2' } });
    try {
      const client = shallow.client();
      await signUp(client);
      expect(await client.ok('{ me { id } }')).toEqual({ me: { id: expect.any(String) } });
      const deep = await client.request('{ me { notificationPreferences { email } } }');
      expect(deep.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(deep.errors?.[0].message).toMatch(/depth/i);
      const introspection = await client.request(
        '{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }',
      );
      expect(introspection.errors).toBeUndefined();
    } finally {
      await shallow.close();
    }
  });

  it('refuses too many tokens and too many directives', async () => {
    const directives = await post(JSON.stringify({ query: `{ __typename ${'@include(if: true) '.repeat(100)} }` }));
    expect(directives.status).toBeLessThan(500);
    expect(await errorCodeOf(directives)).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_REQUEST|GRAPHQL_PARSE_FAILED/);
  });

  it('refuses a body over the JSON limit with 413', async () => {
    const huge = JSON.stringify({ query: 'query Q($v: String) { __typename }', variables: { v: 'x'.repeat(2 * 1024 * 1024) } });
    const response = await post(huge);
    expect(response.status).toBe(413);
    expect(await errorCodeOf(response)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses batched requests', async () => {
    const response = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(response.status).toBe(400);
  });

  it('needs the preflight header for multipart requests (CSRF protection)', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: '{ __typename }' }));
    form.append('map', '{}');
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', body: form });
    expect(response.status).toBe(400);
  });
});
