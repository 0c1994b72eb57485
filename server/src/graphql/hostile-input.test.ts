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

  it('refuses an unknown field or operation as a validation error (200 under application/json, 400 under graphql-response+json)', async () => {
    const unknownField = await post(JSON.stringify({ query: '{ secretAdminBackdoor }' }));
    expect(unknownField.status).toBe(200);
    expect(await errorCodeOf(unknownField)).toBe('GRAPHQL_VALIDATION_FAILED');
    const modern = await post(JSON.stringify({ query: '{ secretAdminBackdoor }' }), { accept: 'application/graphql-response+json' });
    expect(modern.status).toBe(400);
    expect(await errorCodeOf(modern)).toBe('GRAPHQL_VALIDATION_FAILED');
    const unknownOperation = await post(JSON.stringify({ query: 'query A { me { id } }', operationName: 'B' }));
    expect(unknownOperation.status).toBeLessThan(500);
    expect(await errorCodeOf(unknownOperation)).toBeDefined();
  });

  it('refuses 10 000 aliases before executing anything', async () => {
    const aliases = Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ');
    const response = await post(JSON.stringify({ query: `{ ${aliases} }` }));
    expect(response.status).toBe(200);
    const huge = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(huge.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED'); // over the token limit: the parser stops
    expect(huge.errors[0].message).toMatch(/tokens/);
    const twenty = await post(JSON.stringify({ query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }` }));
    expect(twenty.status).toBe(200);
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

  it.each([
    ['no content type', undefined],
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['JSON in another charset', 'application/json; charset=latin1'],
  ])('refuses a POST with %s with 415, running nothing', async (_name, contentType) => {
    const client = server.client();
    await signUp(client);
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { ...client.authHeaders(), ...(contentType ? { 'content-type': contentType } : {}) },
      body: Buffer.from(JSON.stringify({ query: 'mutation { logout }' })), // a Buffer: fetch adds no content type
    });
    expect(response.status).toBe(415);
    expect(await errorCodeOf(response)).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await client.ok('{ me { id } }')).toEqual({ me: { id: expect.any(String) } });
  });

  it('puts the request id into every error body, HTTP-level refusals included', async () => {
    const refusals: Array<[string, Promise<Response>, number]> = [
      ['413', post(JSON.stringify({ query: '{ __typename }', variables: { v: 'x'.repeat(2 * 1024 * 1024) } })), 413],
      ['415', fetch(`${server.url}/graphql`, { method: 'POST', body: Buffer.from('{}') }), 415],
      ['400 JSON', post('{"query": '), 400],
      ['400 body', post('{"query": 5}'), 400],
      ['405', fetch(`${server.url}/graphql`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }), 405],
      ['400 CSRF', fetch(`${server.url}/graphql?query=%7B__typename%7D`), 400],
      ['404 express', fetch(`${server.url}/no/such/route`), 404],
      ['404 express POST', fetch(`${server.url}/no/such/route`, { method: 'POST' }), 404],
      ['413 express', fetch(`${server.url}/webhooks/stripe`, { method: 'POST', body: Buffer.alloc(600 * 1024) }), 413],
      ['parse', post('{"query": "{"}'), 200],
      ['431', fetch(`${server.url}/graphql?query=${'x'.repeat(20_000)}`), 431],
    ];
    for (const [name, pending, status] of refusals) {
      const response = await pending;
      const requestId = response.headers.get('x-request-id');
      const body = (await response.json()) as { errors?: Array<{ extensions?: Record<string, unknown> }>; error?: Record<string, unknown> };
      expect([name, response.status]).toEqual([name, status]);
      const ids = body.errors?.map((error) => error.extensions?.requestId) ?? [body.error?.requestId];
      expect([name, ids]).toEqual([name, [requestId]]);
    }
  });

  it('needs the preflight header for multipart requests (CSRF protection)', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: '{ __typename }' }));
    form.append('map', '{}');
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', body: form });
    expect(response.status).toBe(400);
    expect(await errorCodeOf(response)).toBe('BAD_REQUEST');
  });
});
