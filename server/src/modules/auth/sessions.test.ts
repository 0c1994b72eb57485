import jwt from 'jsonwebtoken';
import { eventually } from '../../test/eventually';
import { GraphQLTestClient, TestServer, signUp, signUpAdmin, startTestServer } from '../../test/harness';
import { promise } from '../privacy-promises/promise-test';
import { browserSummary } from './browser-summary';

const ME = '{ me { id } }';
const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { id } }';
const LOGOUT = 'mutation { logout }';
const SESSIONS = '{ mySessions { id createdAt lastSeenAt ip browser current } }';
const REVOKE = 'mutation R($id: ID!) { revokeSession(id: $id) }';
const REVOKE_OTHERS = 'mutation { revokeOtherSessions }';
const CHANGE_PASSWORD = 'mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) }';
const DISABLE = 'mutation D($userId: ID!, $disabled: Boolean!) { setUserDisabled(userId: $userId, disabled: $disabled) { id } }';
const DELETE_ACCOUNT = 'mutation D($input: DeleteAccountInput!) { deleteMyAccount(input: $input) }';

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** A second browser of the same person. */
async function signIn(server: TestServer, user: { email: string; password: string }, userAgent?: string): Promise<GraphQLTestClient> {
  const client = server.client();
  const result = await client.request(LOGIN, { input: { email: user.email, password: user.password } }, userAgent ? { 'user-agent': userAgent } : {});
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return client;
}

/** Another browser holding a copy of this one's cookie (stolen, or synced). */
function copyOf(server: TestServer, client: GraphQLTestClient): GraphQLTestClient {
  const copy = server.client();
  copy.cookies.set('vg_session', client.cookies.get('vg_session')!);
  return copy;
}

const liveSessions = async (server: TestServer, userId: string): Promise<number> =>
  (await server.dataSource.query('SELECT count(*)::int AS n FROM user_sessions WHERE user_id = $1 AND revoked_at IS NULL', [userId]))[0].n;

describe('server-side sessions', () => {
  let server: TestServer;
  // A TTL far beyond the test: whatever revocation is seen comes from the database's announcements.
  beforeAll(async () => {
    server = await startTestServer({ env: { VIEWER_CACHE_TTL_MS: '600000' } });
  });
  afterAll(() => server.close());

  it('records each sign-in (IP, browser, not the raw user agent) and lists the live ones, this one marked', async () => {
    const first = server.client();
    const user = await signUp(first);
    const second = await signIn(server, user, FIREFOX_WINDOWS);

    const { mySessions } = await second.ok(SESSIONS);
    expect(mySessions).toHaveLength(2);
    const current = mySessions.find((s: { current: boolean }) => s.current);
    expect(current).toMatchObject({ ip: '127.0.0.1', browser: 'Firefox on Windows' });
    expect(new Date(current.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(mySessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const [row] = await server.dataSource.query('SELECT row_to_json(s)::text AS everything FROM user_sessions s WHERE id = $1', [current.id]);
    expect(row.everything).not.toContain('Gecko');

    // Another user sees only their own.
    const stranger = server.client();
    await signUp(stranger);
    expect((await stranger.ok(SESSIONS)).mySessions).toHaveLength(1);
  });

  it('logout ends the session at once: a copy of the cookie is refused on its next request', async () => {
    const client = server.client();
    const user = await signUp(client);
    const copy = copyOf(server, client);
    expect((await copy.ok(ME)).me.id).toBe(user.id);

    await client.ok(LOGOUT);
    expect((await copy.ok(ME)).me).toBeNull();
    expect(await copy.errorCode(SESSIONS)).toBe('UNAUTHENTICATED');
    expect(await liveSessions(server, user.id)).toBe(0);
  });

  it('refuses a genuine cookie issued before sessions existed (no session id): fail closed', async () => {
    const client = server.client();
    const user = await signUp(client);
    const legacy = jwt.sign({ tv: 0 }, server.config.jwtSecret, { algorithm: 'HS256', subject: user.id, expiresIn: 3600 });
    const old = server.client();
    old.cookies.set('vg_session', legacy);
    expect((await old.ok(ME)).me).toBeNull();
    // The same cookie with a session id that is not a row of this user is refused too.
    const foreign = server.client();
    await signUp(foreign);
    const [{ id: foreignSession }] = (await foreign.ok(SESSIONS)).mySessions;
    old.cookies.set('vg_session', jwt.sign({ tv: 0, sid: foreignSession }, server.config.jwtSecret, { algorithm: 'HS256', subject: user.id, expiresIn: 3600 }));
    expect((await old.ok(ME)).me).toBeNull();
  });

  it('revokeSession signs one browser out; another user’s session or an ended one is NOT_FOUND', async () => {
    const laptop = server.client();
    const user = await signUp(laptop);
    const phone = await signIn(server, user);
    const phoneId = (await phone.ok(SESSIONS)).mySessions.find((s: { current: boolean }) => s.current).id;

    const stranger = server.client();
    await signUp(stranger);
    expect(await stranger.errorCode(REVOKE, { id: phoneId })).toBe('NOT_FOUND');
    expect((await phone.ok(ME)).me.id).toBe(user.id);
    expect(await laptop.errorCode(REVOKE, { id: 'not-a-uuid' })).toBe('BAD_USER_INPUT');

    expect((await laptop.ok(REVOKE, { id: phoneId })).revokeSession).toBe(true);
    expect((await phone.ok(ME)).me).toBeNull();
    expect((await laptop.ok(ME)).me.id).toBe(user.id);
    expect(await laptop.errorCode(REVOKE, { id: phoneId })).toBe('NOT_FOUND');
  });

  it('revokeOtherSessions keeps this browser and ends the rest', async () => {
    const here = server.client();
    const user = await signUp(here);
    const others = [await signIn(server, user), await signIn(server, user)];
    expect((await here.ok(REVOKE_OTHERS)).revokeOtherSessions).toBe(2);
    for (const other of others) expect((await other.ok(ME)).me).toBeNull();
    expect((await here.ok(ME)).me.id).toBe(user.id);
    expect((await here.ok(SESSIONS)).mySessions).toEqual([expect.objectContaining({ current: true })]);
  });

  it('a password change ends every other session and keeps this one', async () => {
    const here = server.client();
    const user = await signUp(here);
    const other = await signIn(server, user);
    const copyOfHere = copyOf(server, here);
    await here.ok(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: 'a brand new password' } });
    expect((await here.ok(ME)).me.id).toBe(user.id);
    expect((await other.ok(ME)).me).toBeNull();
    // The copy holds this session's old cookie: refused too (token version).
    expect((await copyOfHere.ok(ME)).me).toBeNull();
    expect(await liveSessions(server, user.id)).toBe(1);
  });

  it('disabling an account revokes all its sessions; deleting it deletes them', async () => {
    const admin = server.client();
    await signUpAdmin(server, admin);
    const victim = server.client();
    const user = await signUp(victim);
    await signIn(server, user);
    await admin.ok(DISABLE, { userId: user.id, disabled: true });
    expect(await liveSessions(server, user.id)).toBe(0);
    await admin.ok(DISABLE, { userId: user.id, disabled: false });
    expect((await victim.ok(ME)).me).toBeNull();

    const leaving = server.client();
    const gone = await signUp(leaving);
    const copy = copyOf(server, leaving);
    await leaving.ok(DELETE_ACCOUNT, { input: { password: gone.password } });
    expect((await copy.ok(ME)).me).toBeNull();
    const [{ n }] = await server.dataSource.query('SELECT count(*)::int AS n FROM user_sessions WHERE user_id = $1', [gone.id]);
    expect(n).toBe(0);
  });

  it('sees a revocation made elsewhere (another replica, plain SQL) as the database announces it', async () => {
    const client = server.client();
    const user = await signUp(client);
    expect((await client.ok(ME)).me.id).toBe(user.id);
    await server.dataSource.query('UPDATE user_sessions SET revoked_at = now() WHERE user_id = $1', [user.id]);
    await eventually(async () => expect((await client.ok(ME)).me).toBeNull());
  });

  it('notes last use at most once a minute per session, not on every request', async () => {
    const client = server.client();
    const user = await signUp(client);
    await server.dataSource.query(`UPDATE user_sessions SET last_seen_at = '2020-01-01' WHERE user_id = $1`, [user.id]);
    for (let i = 0; i < 5; i++) await client.ok(ME);
    const [row] = await server.dataSource.query('SELECT last_seen_at FROM user_sessions WHERE user_id = $1', [user.id]);
    expect(row.last_seen_at.toISOString()).toBe('2020-01-01T00:00:00.000Z');
  });

  it('exports the sessions with the account data', async () => {
    const client = server.client();
    await signUp(client);
    const { exportMyData } = await client.ok('{ exportMyData }');
    const [session] = (await client.ok(SESSIONS)).mySessions;
    expect(exportMyData.sessions).toEqual([expect.objectContaining({ id: session.id, ip: '127.0.0.1', revokedAt: null })]);
  });

  promise('001-6-server-logs-90-days', 'deletes sign-in records (IP, browser) 90 days after sign-in and keeps younger ones', async () => {
    const client = server.client();
    const user = await signUp(client);
    await signIn(server, user);
    const [old] = await server.dataSource.query(
      `UPDATE user_sessions SET created_at = now() - interval '91 days', revoked_at = now() - interval '90 days'
       WHERE id = (SELECT id FROM user_sessions WHERE user_id = $1 ORDER BY created_at LIMIT 1) RETURNING id`,
      [user.id],
    );
    const outcome = await server.app.services.retention.runOnce();
    expect(outcome).toMatchObject({ ran: true, errors: {} });
    const ids = (await server.dataSource.query('SELECT id FROM user_sessions WHERE user_id = $1', [user.id])).map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(1);
    expect(ids).not.toContain(old[0].id);
  });
});

describe('browser summary', () => {
  it.each([
    [FIREFOX_WINDOWS, 'Firefox on Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15', 'Safari on macOS'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome on Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'Edge on Windows'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1', 'Safari on iOS'],
    ['Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome on Android'],
    ['curl/8.5.0', 'curl'],
    ['something else', 'Unknown browser'],
  ])('%s → %s', (agent, summary) => {
    expect(browserSummary(agent)).toBe(summary);
  });

  it('is null without a header', () => {
    expect(browserSummary(null)).toBeNull();
  });
});
