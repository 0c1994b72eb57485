import { createHash } from 'node:crypto';
import { GraphQLTestClient, signUp, useTestServer } from '../../test/harness';
import { ApiTokensService, LISTED_INACTIVE_TOKENS, MAX_ACTIVE_TOKENS } from './api-tokens.service';
import { promise } from '../privacy-promises/promise-test';

const TOKEN_FIELDS = 'id name prefix createdAt lastUsedAt expiresAt revokedAt active spendLimit spentThisMonth';
const CREATE = `mutation Create($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret token { ${TOKEN_FIELDS} } } }`;
const LIST = `{ apiTokens { ${TOKEN_FIELDS} } }`;
const REVOKE = `mutation Revoke($id: ID!) { revokeApiToken(id: $id) { ${TOKEN_FIELDS} } }`;
const RENAME = `mutation Rename($id: ID!, $name: String!) { renameApiToken(id: $id, name: $name) { ${TOKEN_FIELDS} } }`;
const ROTATE = `mutation Rotate($id: ID!) { rotateApiToken(id: $id) { secret token { ${TOKEN_FIELDS} } } }`;
const DELETE = 'mutation Delete($id: ID!) { deleteApiToken(id: $id) }';
const SET_LIMIT = `mutation Limit($id: ID!, $spendLimit: Int) { setApiTokenSpendLimit(id: $id, spendLimit: $spendLimit) { id spendLimit } }`;
const CHANGE_PASSWORD = 'mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) }';
/** Needs a signed-in caller, so a bad bearer token answers UNAUTHENTICATED. */
const PROTECTED = '{ creditLedger(first: 1) { nodes { id } } }';
const ME = '{ me { id } }';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('API tokens', () => {
  const server = useTestServer();

  async function createToken(client: GraphQLTestClient, input: Record<string, unknown> = {}) {
    const data = await client.ok(CREATE, { input: { name: 'CI pipeline', ...input } });
    return data.createApiToken as { secret: string; token: Record<string, any> };
  }

  function bearerClient(secret: string): GraphQLTestClient {
    const client = server.client();
    client.bearer = secret;
    return client;
  }

  promise(['001-1.4-token-shown-once', '001-1.4-token-record'], 'shows the secret once and stores only its SHA-256 hash and prefix', async () => {
    const client = server.client();
    const user = await signUp(client);
    const announced: unknown[] = [];
    server.app.services.events.on('apiToken.created', (payload) => {
      announced.push(payload);
    });

    const { secret, token } = await createToken(client, { name: '  CI pipeline  ', spendLimit: 100 });
    expect(secret).toMatch(/^vg_[0-9A-Za-z]{43}$/);
    expect(token).toMatchObject({ name: 'CI pipeline', prefix: secret.slice(0, 11), active: true, spendLimit: 100, spentThisMonth: 0, lastUsedAt: null });

    const listed = await client.ok(LIST);
    expect(listed.apiTokens).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(11));
    expect((await client.request('{ apiTokens { secret } }')).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const [row] = await server.dataSource.query('SELECT token_hash, row_to_json(t)::text AS everything FROM api_tokens t WHERE id = $1', [token.id]);
    expect(row.token_hash).toBe(sha256(secret));
    expect(row.everything).not.toContain(secret.slice(11));

    await server.app.services.events.settle();
    expect(announced).toContainEqual({ userId: user.id, tokenId: token.id, name: 'CI pipeline' });
  });

  promise('001-5-token-crypto-random', 'gives two tokens different secrets', async () => {
    const client = server.client();
    await signUp(client);
    const a = await createToken(client);
    const b = await createToken(client);
    expect(a.secret).not.toBe(b.secret);
    expect(a.token.prefix).not.toBe(b.token.prefix);
  });

  promise('001-1.4-token-limit', `allows ${MAX_ACTIVE_TOKENS} active tokens; revoked and expired ones do not count`, async () => {
    const client = server.client();
    await signUp(client);
    const soon = new Date(server.clock.now().getTime() + 60 * 60_000).toISOString();
    const expiring = await createToken(client, { name: 'expiring', expiresAt: soon });
    const others = [];
    for (let i = 1; i < MAX_ACTIVE_TOKENS; i++) others.push(await createToken(client, { name: `token ${i}` }));

    const refused = await client.request(CREATE, { input: { name: 'eleventh' } });
    expect(refused.errors?.[0].extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(refused.errors?.[0].message).toMatch(/10 active API tokens/);

    await client.ok(REVOKE, { id: others[0].token.id });
    await createToken(client, { name: 'after revoke' });
    expect(await client.errorCode(CREATE, { input: { name: 'again' } })).toBe('LIMIT_EXCEEDED');

    server.clock.advance(2 * 60 * 60_000);
    const list = (await client.ok(LIST)).apiTokens as Array<{ id: string; active: boolean }>;
    expect(list.find((t) => t.id === expiring.token.id)?.active).toBe(false);
    await createToken(client, { name: 'after expiry' });
    expect(await client.errorCode(CREATE, { input: { name: 'again' } })).toBe('LIMIT_EXCEEDED');
    expect((await client.ok(LIST)).apiTokens).toHaveLength(MAX_ACTIVE_TOKENS + 2);
  });

  promise('001-1.4-token-limit', 'keeps the limit when many tokens are created at once', async () => {
    const client = server.client();
    const user = await signUp(client);
    const results = await Promise.all(Array.from({ length: 14 }, (_, i) => client.request(CREATE, { input: { name: `parallel ${i}` } })));
    expect(results.filter((r) => !r.errors).length).toBe(MAX_ACTIVE_TOKENS);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'LIMIT_EXCEEDED').length).toBe(4);
    const [{ count }] = await server.dataSource.query('SELECT count(*)::int AS count FROM api_tokens WHERE user_id = $1', [user.id]);
    expect(count).toBe(MAX_ACTIVE_TOKENS);
  });

  it('refuses an expiry in the past and a blank name', async () => {
    const client = server.client();
    await signUp(client);
    const past = new Date(server.clock.now().getTime() - 1000).toISOString();
    const expired = await client.request(CREATE, { input: { name: 'old', expiresAt: past } });
    expect(expired.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt' });
    const blank = await client.request(CREATE, { input: { name: '   ' } });
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const empty = await client.request(CREATE, { input: { name: '' } });
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const zeroLimit = await client.request(CREATE, { input: { name: 'x', spendLimit: 0 } });
    expect(zeroLimit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'spendLimit' });
    expect((await client.ok(LIST)).apiTokens).toEqual([]);
  });

  it('authenticates Authorization: Bearer; revoked, expired and unknown secrets → UNAUTHENTICATED', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { secret, token } = await createToken(client);
    const api = bearerClient(secret);
    expect((await api.ok(ME)).me.id).toBe(user.id);
    await api.ok(PROTECTED);

    expect(await bearerClient(`vg_${'0'.repeat(43)}`).errorCode(PROTECTED)).toBe('UNAUTHENTICATED');
    expect(await bearerClient('not-a-token').errorCode(PROTECTED)).toBe('UNAUTHENTICATED');
    expect(await bearerClient(`${secret.slice(0, -1)}x`).errorCode(PROTECTED)).toBe('UNAUTHENTICATED');

    await client.ok(REVOKE, { id: token.id });
    const revoked = await api.request(PROTECTED);
    expect(revoked.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(revoked.errors?.[0].message).toMatch(/unknown, revoked or expired/);

    const soon = new Date(server.clock.now().getTime() + 5 * 60_000).toISOString();
    const expiring = await createToken(client, { expiresAt: soon });
    await bearerClient(expiring.secret).ok(PROTECTED);
    server.clock.advance(6 * 60_000);
    expect(await bearerClient(expiring.secret).errorCode(PROTECTED)).toBe('UNAUTHENTICATED');
  });

  it('a dead bearer token (unknown, revoked, expired) fails every operation, `me` and public queries included; no header is still anonymous', async () => {
    const client = server.client();
    await signUp(client);
    const revoked = await createToken(client, { name: 'revoked' });
    await client.ok(REVOKE, { id: revoked.token.id });
    const expiring = await createToken(client, { name: 'expiring', expiresAt: new Date(server.clock.now().getTime() + 60_000).toISOString() });
    server.clock.advance(2 * 60_000);
    const dead = { unknown: `vg_${'0'.repeat(43)}`, revoked: revoked.secret, expired: expiring.secret };

    for (const [state, secret] of Object.entries(dead)) {
      for (const operation of [ME, '{ features { name } }', 'mutation { logout }']) {
        const result = await bearerClient(secret).request(operation);
        expect({ state, operation, status: result.status, data: result.data ?? null, error: result.errors?.[0] }).toMatchObject({
          state,
          operation,
          status: 401,
          data: null,
          error: { message: 'The API token is unknown, revoked or expired', extensions: { code: 'UNAUTHENTICATED' } },
        });
      }
    }
    const anonymous = await server.client().request(ME);
    expect(anonymous).toMatchObject({ status: 200, data: { me: null } });
    expect(anonymous.errors).toBeUndefined();
  });

  it('a bearer token wins over a session cookie, so a bad token is not rescued by the cookie', async () => {
    const client = server.client();
    await signUp(client);
    client.bearer = `vg_${'1'.repeat(43)}`;
    expect(await client.errorCode(PROTECTED)).toBe('UNAUTHENTICATED');
  });

  it('rotates: the new secret works at once and the old one stops at once', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { secret: oldSecret, token } = await createToken(client, { name: 'rotating' });
    await bearerClient(oldSecret).ok(PROTECTED);

    const rotated = (await client.ok(ROTATE, { id: token.id })).rotateApiToken;
    expect(rotated.secret).not.toBe(oldSecret);
    expect(rotated.token).toMatchObject({ id: token.id, name: 'rotating', prefix: rotated.secret.slice(0, 11), active: true });
    expect(await bearerClient(oldSecret).errorCode(PROTECTED)).toBe('UNAUTHENTICATED');
    expect((await bearerClient(rotated.secret).ok(ME)).me.id).toBe(user.id);

    await client.ok(REVOKE, { id: token.id });
    expect(await client.errorCode(ROTATE, { id: token.id })).toBe('CONFLICT');
    expect(await bearerClient(rotated.secret).errorCode(PROTECTED)).toBe('UNAUTHENTICATED');
  });

  promise('001-6-tokens-deleted', 'deletes a token for good; its calls stay in the log without it', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { secret, token } = await createToken(client);
    const charged = await server.app.services.metering.charge({
      userId: user.id,
      credits: 1,
      feature: 'OBJECT_DETECTION',
      source: 'API',
      apiTokenId: token.id,
      requestFingerprint: 'f',
    });
    const stranger = server.client();
    await signUp(stranger);
    expect(await stranger.errorCode(DELETE, { id: token.id })).toBe('NOT_FOUND');
    expect(await bearerClient(secret).errorCode(DELETE, { id: token.id })).toBe('FORBIDDEN');

    expect((await client.ok(DELETE, { id: token.id })).deleteApiToken).toBe(true);
    expect(await bearerClient(secret).errorCode(PROTECTED)).toBe('UNAUTHENTICATED');
    expect((await client.ok(LIST)).apiTokens).toEqual([]);
    expect(await server.dataSource.query('SELECT id FROM api_tokens WHERE id = $1', [token.id])).toEqual([]);
    expect(await server.dataSource.query('SELECT api_token_id, credits FROM consumption_logs WHERE id = $1', [charged.consumptionId])).toEqual([
      { api_token_id: null, credits: 1 },
    ]);
    expect(await client.errorCode(DELETE, { id: token.id })).toBe('NOT_FOUND');
  });

  it('renames and sets the spend limit; revoking twice keeps the first revocation', async () => {
    const client = server.client();
    await signUp(client);
    const { token } = await createToken(client);
    expect((await client.ok(RENAME, { id: token.id, name: ' Production ' })).renameApiToken.name).toBe('Production');
    expect((await client.request(RENAME, { id: token.id, name: ' ' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect((await client.ok(SET_LIMIT, { id: token.id, spendLimit: 25 })).setApiTokenSpendLimit.spendLimit).toBe(25);
    expect((await client.ok(SET_LIMIT, { id: token.id, spendLimit: null })).setApiTokenSpendLimit.spendLimit).toBeNull();

    const first = (await client.ok(REVOKE, { id: token.id })).revokeApiToken;
    expect(first.active).toBe(false);
    server.clock.advance(1000);
    const second = (await client.ok(REVOKE, { id: token.id })).revokeApiToken;
    expect(second.revokedAt).toBe(first.revokedAt);
  });

  it("answers NOT_FOUND for another user's token and leaves it alone", async () => {
    const owner = server.client();
    await signUp(owner);
    const { secret, token } = await createToken(owner);
    const stranger = server.client();
    await signUp(stranger);
    expect(await stranger.errorCode(REVOKE, { id: token.id })).toBe('NOT_FOUND');
    expect(await stranger.errorCode(RENAME, { id: token.id, name: 'mine now' })).toBe('NOT_FOUND');
    expect(await stranger.errorCode(ROTATE, { id: token.id })).toBe('NOT_FOUND');
    expect(await stranger.errorCode(SET_LIMIT, { id: token.id, spendLimit: 1 })).toBe('NOT_FOUND');
    expect((await stranger.ok(LIST)).apiTokens).toEqual([]);
    await bearerClient(secret).ok(PROTECTED);
    expect((await owner.ok(LIST)).apiTokens[0]).toMatchObject({ name: 'CI pipeline', active: true, spendLimit: null });

    const notAnId = await owner.request(REVOKE, { id: 'not-a-uuid' });
    expect(notAnId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('refuses token management and account changes through a token (FORBIDDEN)', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { secret, token } = await createToken(client);
    const api = bearerClient(secret);
    expect(await api.errorCode(CREATE, { input: { name: 'minted by a token' } })).toBe('FORBIDDEN');
    expect(await api.errorCode(LIST)).toBe('FORBIDDEN');
    expect(await api.errorCode(REVOKE, { id: token.id })).toBe('FORBIDDEN');
    expect(await api.errorCode(RENAME, { id: token.id, name: 'x' })).toBe('FORBIDDEN');
    expect(await api.errorCode(ROTATE, { id: token.id })).toBe('FORBIDDEN');
    expect(await api.errorCode(SET_LIMIT, { id: token.id, spendLimit: 5 })).toBe('FORBIDDEN');
    expect(await api.errorCode(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: 'a brand new password' } })).toBe('FORBIDDEN');
    const [{ count }] = await server.dataSource.query('SELECT count(*)::int AS count FROM api_tokens WHERE user_id = $1', [user.id]);
    expect(count).toBe(1);
  });

  promise('001-1.4-token-record', 'writes lastUsedAt at most once a minute per token', async () => {
    const client = server.client();
    await signUp(client);
    const { secret, token } = await createToken(client);
    const api = bearerClient(secret);
    // xmin changes with every written row version, so it shows whether a request wrote at all.
    const version = async () =>
      (await server.dataSource.query('SELECT xmin::text AS xmin, last_used_at FROM api_tokens WHERE id = $1', [token.id]))[0] as {
        xmin: string;
        last_used_at: Date | null;
      };

    const before = await version();
    await api.ok(PROTECTED);
    const firstUse = await version();
    expect(firstUse.last_used_at?.getTime()).toBeCloseTo(server.clock.now().getTime(), -3);
    expect(firstUse.xmin).not.toBe(before.xmin);

    for (let i = 0; i < 5; i++) await api.ok(PROTECTED);
    server.clock.advance(30_000);
    await api.ok(PROTECTED);
    expect(await version()).toEqual(firstUse);

    // With the stored value cleared the database would accept a write, yet this process does not
    // even try within the minute: the hot path stays read-only.
    await server.dataSource.query('UPDATE api_tokens SET last_used_at = NULL WHERE id = $1', [token.id]);
    await api.ok(PROTECTED);
    expect((await version()).last_used_at).toBeNull();
    await server.dataSource.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [token.id, firstUse.last_used_at]);
    const restored = await version();

    // Another process (own memory) sees the recent lastUsedAt and does not write either.
    const otherProcess = new ApiTokensService(server.dataSource, server.clock, server.app.services.events, server.app.services.logger);
    expect(await otherProcess.verify(secret)).toEqual({ userId: expect.any(String), tokenId: token.id });
    expect(await version()).toEqual(restored);

    server.clock.advance(31_000);
    await api.ok(PROTECTED);
    const secondUse = await version();
    expect(secondUse.last_used_at!.getTime() - firstUse.last_used_at!.getTime()).toBeGreaterThanOrEqual(60_000);
    expect((await client.ok(LIST)).apiTokens[0].lastUsedAt).toBe(secondUse.last_used_at!.toISOString());
  });

  it(`lists every usable token but only the ${LISTED_INACTIVE_TOKENS} newest revoked or expired ones`, async () => {
    const client = server.client();
    const user = await signUp(client);
    const now = server.clock.now().getTime();
    // 80 revoked and 10 expired tokens piled up over the years (bulk SQL), interleaved in age with the usable ones.
    await server.dataSource.query(
      `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, revoked_at, expires_at)
       SELECT $1::uuid, 'old ' || g, md5('revoked' || g || $1::text) || md5('x' || g || $1::text), 'vg_old', $2::timestamptz - g * interval '1 hour',
              CASE WHEN g % 9 = 0 THEN NULL ELSE $2::timestamptz - g * interval '1 hour' + interval '1 minute' END,
              CASE WHEN g % 9 = 0 THEN $2::timestamptz - interval '1 minute' END
       FROM generate_series(1, 90) g`,
      [user.id, new Date(now)],
    );
    const usable = [];
    for (let i = 0; i < 3; i++) usable.push((await createToken(client, { name: `usable ${i}` })).token.id);
    // One usable token older than every revoked one still shows.
    await server.dataSource.query(`UPDATE api_tokens SET created_at = $2::timestamptz - interval '1000 days' WHERE id = $1`, [usable[0], new Date(now)]);

    const listed = (await client.ok(LIST)).apiTokens as Array<{ id: string; active: boolean; createdAt: string }>;
    expect(listed).toHaveLength(3 + LISTED_INACTIVE_TOKENS);
    expect(listed.filter((t) => t.active).map((t) => t.id).sort()).toEqual([...usable].sort());
    const [{ newest }] = await server.dataSource.query(
      `SELECT array_agg(id::text ORDER BY created_at DESC, id DESC) AS newest FROM (
         SELECT id, created_at FROM api_tokens WHERE user_id = $1 AND (revoked_at IS NOT NULL OR expires_at <= $2)
         ORDER BY created_at DESC, id DESC LIMIT $3) t`,
      [user.id, server.clock.now(), LISTED_INACTIVE_TOKENS],
    );
    expect(listed.filter((t) => !t.active).map((t) => t.id)).toEqual(newest);
    const times = listed.map((t) => Date.parse(t.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The data export still gets every token.
    expect(await server.app.services.apiTokens.list(user.id)).toHaveLength(93);
  });

  it('announces a rotated secret like a new token (security-alert mail)', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { token } = await createToken(client, { name: 'rotating' });
    const announced: unknown[] = [];
    server.app.services.events.on('apiToken.created', (payload) => {
      announced.push(payload);
    });
    await client.ok(ROTATE, { id: token.id });
    await server.app.services.events.settle();
    expect(announced).toContainEqual({ userId: user.id, tokenId: token.id, name: 'rotating', rotated: true });
  });
});
