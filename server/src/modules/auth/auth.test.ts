import bcrypt from 'bcryptjs';
import { Client } from 'pg';
import { REGISTER, registrationInput, signUp, signUpAdmin, startTestServer, TestServer, useTestServer } from '../../test/harness';
import { promise } from '../privacy-promises/promise-test';

const ME = '{ me { id email credits role notificationPreferences { email usageAlerts securityAlerts marketing } } }';
const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { id email } }';
const LOGOUT = 'mutation { logout }';
const CHANGE_PASSWORD = 'mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) }';

describe('accounts and sessions', () => {
  const server = useTestServer();

  it('registers, signs in, reads me, and signs out', async () => {
    const client = server.client();
    const input = registrationInput({ email: '  Mixed.Case@Example.com ' });
    const { register } = await client.ok(REGISTER, { input });
    expect(register.email).toBe('Mixed.Case@Example.com');
    expect(register.credits).toBe(50);
    expect(register.role).toBe('USER');

    const me = await client.ok(ME);
    expect(me.me.id).toBe(register.id);
    expect(me.me.notificationPreferences).toEqual({ email: true, usageAlerts: true, securityAlerts: true, marketing: false });

    await client.ok(LOGOUT);
    expect((await client.ok(ME)).me).toBeNull();

    const other = server.client();
    const login = await other.ok(LOGIN, { input: { email: 'mixed.case@example.COM', password: input.password } });
    expect(login.login.id).toBe(register.id);
    expect((await other.ok(ME)).me.email).toBe('Mixed.Case@Example.com');
  });

  it('answers me from the authentication query alone (then from the viewer cache) when it holds the fields asked for, else reads the whole row', async () => {
    const client = server.client();
    const { register } = await client.ok(REGISTER, { input: registrationInput({ company: 'Navy' }) });
    let queries = 0;
    const original = Client.prototype.query;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (/^\s*SELECT\b/i.test(String((args[0] as { text?: string })?.text ?? args[0]))) queries += 1;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      const narrow = await client.ok('{ me { __typename id email firstName lastName credits role } }');
      expect(narrow.me).toEqual({ __typename: 'User', id: register.id, email: register.email, firstName: 'Ada', lastName: 'Lovelace', credits: 50, role: 'USER' });
      expect(queries).toBe(1);

      // Repeated: the viewer row comes from the viewer cache, no SQL at all.
      queries = 0;
      expect((await client.ok('{ me { id credits } }')).me).toEqual({ id: register.id, credits: 50 });
      expect(queries).toBe(0);

      queries = 0;
      const viaFragments = await client.ok('{ me { ...Basic ... on User { plan company createdAt } } } fragment Basic on User { id credits }');
      expect(viaFragments.me).toMatchObject({ id: register.id, credits: 50, plan: 'FREE', company: 'Navy' });
      expect(new Date(viaFragments.me.createdAt).getTime()).toBeGreaterThan(0);
      expect(queries).toBe(1);
    } finally {
      Client.prototype.query = original;
    }
  });

  it('refuses the same e-mail in other letter case with CONFLICT', async () => {
    const input = registrationInput();
    await server.client().ok(REGISTER, { input });
    const code = await server.client().errorCode(REGISTER, { input: { ...input, email: input.email.toUpperCase() } });
    expect(code).toBe('CONFLICT');
  });

  it.each([
    ['password', { password: 'short' }],
    ['password', { password: 'x'.repeat(129) }],
    ['email', { email: 'not-an-email' }],
    ['acceptTerms', { acceptTerms: false }],
    ['confirmAge16', { confirmAge16: false }],
  ])('refuses bad input naming the field %s', async (field, overrides) => {
    const result = await server.client().request(REGISTER, { input: registrationInput(overrides) });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const [{ count }] = await server.dataSource.query('SELECT count(*)::int AS count FROM users WHERE email = $1', [
      (overrides as { email?: string }).email ?? '',
    ]);
    expect(count).toBe(0);
  });

  promise('001-5-bcrypt-12', 'stores a bcrypt hash with exactly 12 rounds and never the plaintext', async () => {
    const input = registrationInput({ password: 'plaintext-must-not-appear' });
    const { register } = await server.client().ok(REGISTER, { input });
    const [row] = await server.dataSource.query('SELECT password_hash, row_to_json(users)::text AS all FROM users WHERE id = $1', [register.id]);
    expect(row.password_hash).toMatch(/^\$2[aby]\$12\$/);
    expect(row.all).not.toContain('plaintext-must-not-appear');
  });

  promise(['001-1.1-session-cookie', '001-5-cookie-flags'], 'sets an HttpOnly, SameSite=Lax session cookie for 7 days, not Secure outside production', async () => {
    const result = await server.client().request(REGISTER, { input: registrationInput() });
    const cookie = result.headers.getSetCookie().find((c) => c.startsWith('vg_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=604800/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
  });

  promise('001-1.2-free-credits', 'writes the 50-credit signup bonus as the first ledger row', async () => {
    const client = server.client();
    const user = await signUp(client);
    const rows = await server.dataSource.query(
      'SELECT delta, reason, balance_after FROM credit_ledger WHERE user_id = $1 ORDER BY created_at',
      [user.id],
    );
    expect(rows).toEqual([{ delta: 50, reason: 'SIGNUP_BONUS', balance_after: 50 }]);
    const ledger = await client.ok('{ creditLedger(first: 10) { nodes { delta reason balanceAfter } pageInfo { hasNextPage } } }');
    expect(ledger.creditLedger.nodes).toEqual([{ delta: 50, reason: 'SIGNUP_BONUS', balanceAfter: 50 }]);
  });

  it('ends every other session when the password changes', async () => {
    const first = server.client();
    const user = await signUp(first);
    const second = server.client();
    await second.ok(LOGIN, { input: { email: user.email, password: user.password } });
    expect((await second.ok(ME)).me.id).toBe(user.id);

    expect(await first.errorCode(CHANGE_PASSWORD, { input: { currentPassword: 'wrong password', newPassword: 'another long one' } })).toBe('BAD_USER_INPUT');
    await first.ok(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: 'a brand new password' } });

    expect((await first.ok(ME)).me.id).toBe(user.id);
    expect((await second.ok(ME)).me).toBeNull();
    expect(await second.errorCode(LOGIN, { input: { email: user.email, password: user.password } })).toBe('UNAUTHENTICATED');
    await second.ok(LOGIN, { input: { email: user.email, password: 'a brand new password' } });
  });

  promise('001-2-admin-access', 'answers FORBIDDEN when a USER calls an ADMIN resolver, and lets an ADMIN through', async () => {
    const client = server.client();
    const user = await signUp(client);
    const adjust = 'mutation A($input: AdjustCreditsInput!) { adjustCredits(input: $input) { delta balanceAfter reason } }';
    const input = { userId: user.id, delta: 5, reason: 'support goodwill' };
    expect(await client.errorCode(adjust, { input })).toBe('FORBIDDEN');
    expect(await server.client().errorCode(adjust, { input })).toBe('UNAUTHENTICATED');

    const admin = server.client();
    await signUpAdmin(server, admin);
    const data = await admin.ok(adjust, { input });
    expect(data.adjustCredits).toEqual({ delta: 5, balanceAfter: 55, reason: 'ADMIN_ADJUSTMENT' });
    expect(await admin.errorCode(adjust, { input: { ...input, delta: -1000 } })).toBe('INSUFFICIENT_CREDITS');
    expect(await admin.errorCode(adjust, { input: { ...input, delta: 0 } })).toBe('BAD_USER_INPUT');
  });

  it('rejects a forged or expired session cookie', async () => {
    const client = server.client();
    await signUp(client);
    const token = client.cookies.get('vg_session')!;
    const [header, payload] = token.split('.');
    client.cookies.set('vg_session', `${header}.${payload}.forged-signature`);
    expect((await client.ok(ME)).me).toBeNull();
  });
});

describe('login rate limit', () => {
  let server: TestServer;
  // 3 failures per account and per IP, 25 attempts of any kind per IP; each test signs in from its own address.
  beforeAll(async () => {
    server = await startTestServer({ env: { LOGIN_RATE_LIMIT: '3', LOGIN_RATE_LIMIT_PER_IP_ALL: '25', TRUST_PROXY: 'true', SIGNUP_RATE_LIMIT: '1000' } });
  });
  afterAll(() => server.close());

  let address = 0;
  const newAddress = () => `203.0.113.${++address}`;
  const login = (ip: string, email: string, password: string) =>
    server.client().request(LOGIN, { input: { email, password } }, { 'x-forwarded-for': ip });
  const codeOf = async (result: Promise<{ errors?: Array<{ extensions?: Record<string, any> }> }>) => (await result).errors?.[0]?.extensions?.code ?? 'OK';

  it('locks an account after repeated failures, from any address, answering RATE_LIMITED with retryAfter', async () => {
    const user = await signUp(server.client());
    for (let i = 0; i < 3; i++) expect(await codeOf(login(newAddress(), user.email, `guess-${i}-wrong`))).toBe('UNAUTHENTICATED');
    const blocked = await login(newAddress(), user.email.toUpperCase(), user.password);
    expect(blocked.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(blocked.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
  });

  it('locks an address after repeated failures, whichever accounts they aimed at', async () => {
    const ip = newAddress();
    const victims = [await signUp(server.client()), await signUp(server.client()), await signUp(server.client())];
    for (const victim of victims) expect(await codeOf(login(ip, victim.email, 'a wrong password'))).toBe('UNAUTHENTICATED');
    const bystander = await signUp(server.client());
    expect(await codeOf(login(ip, bystander.email, bystander.password))).toBe('RATE_LIMITED');
    // Neither the victims nor the bystander are locked elsewhere.
    expect(await codeOf(login(newAddress(), bystander.email, bystander.password))).toBe('OK');
    expect(await codeOf(login(newAddress(), victims[0].email, victims[0].password))).toBe('OK');
  });

  it('a successful login clears the account’s failures', async () => {
    const user = await signUp(server.client());
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) expect(await codeOf(login(newAddress(), user.email, 'a wrong password'))).toBe('UNAUTHENTICATED');
      expect(await codeOf(login(newAddress(), user.email, user.password))).toBe('OK');
    }
  });

  it('does not limit 20 colleagues signing in from one office address; all attempts per address still have a ceiling', async () => {
    const office = newAddress();
    // Inserted with a cheap (cost 4) hash: 25 cost-12 logins take a minute on a busy machine.
    const password = 'office password';
    const hash = bcrypt.hashSync(password, 4);
    const colleagues: Array<{ email: string; password: string }> = [];
    for (let i = 0; i < 25; i++) {
      const email = `colleague-${i}-${Math.random().toString(36).slice(2)}@example.com`;
      await server.dataSource.query(
        `INSERT INTO users (email, first_name, last_name, password_hash, terms_accepted_at, age_confirmed_at) VALUES ($1, 'Office', 'Colleague', $2, now(), now())`,
        [email, hash],
      );
      colleagues.push({ email, password });
    }
    for (const colleague of colleagues.slice(0, 20)) expect(await codeOf(login(office, colleague.email, colleague.password))).toBe('OK');
    for (const colleague of colleagues.slice(20, 25)) await login(office, colleague.email, colleague.password);
    expect(await codeOf(login(office, colleagues[0].email, colleagues[0].password))).toBe('RATE_LIMITED');
  });

  it('keys accounts by a keyed hash: no e-mail address reaches the limiter', async () => {
    const keys: string[] = [];
    const limits = server.app.services.rateLimits;
    const consume = limits.consume.bind(limits);
    const reset = limits.reset.bind(limits);
    limits.consume = (...checks) => {
      keys.push(...checks.map(([, key]) => String(key)));
      return consume(...checks);
    };
    limits.reset = (bucket, key) => {
      keys.push(key);
      return reset(bucket, key);
    };
    try {
      const user = await signUp(server.client());
      await login(newAddress(), user.email, 'a wrong password');
      await login(newAddress(), user.email, user.password);
    } finally {
      limits.consume = consume;
      limits.reset = reset;
    }
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => /@|example/i.test(key))).toEqual([]);
  });
});

describe('production errors', () => {
  const server = useTestServer({ config: { production: true } });

  promise('001-5-cookie-flags', 'marks the cookie Secure in production', async () => {
    const result = await server.client().request(REGISTER, { input: registrationInput() });
    expect(result.headers.getSetCookie().find((c) => c.startsWith('vg_session='))).toMatch(/;\s*Secure/i);
  });

  it('returns INTERNAL without stack trace, SQL or message when something breaks', async () => {
    const client = server.client();
    await signUp(client);
    await server.dataSource.query('ALTER TABLE credit_ledger RENAME TO credit_ledger_moved');
    try {
      const result = await client.request('{ creditLedger { nodes { id } } }');
      expect(result.status).toBeLessThan(500);
      expect(result.errors?.[0].extensions).toEqual({ code: 'INTERNAL', requestId: result.headers.get('x-request-id') });
      expect(result.errors?.[0].message).toBe('Internal server error');
      expect(JSON.stringify(result)).not.toMatch(/credit_ledger|SELECT|stack|at /);
    } finally {
      await server.dataSource.query('ALTER TABLE credit_ledger_moved RENAME TO credit_ledger');
    }
  });

  it('keeps the stack trace off expected errors too', async () => {
    const result = await server.client().request(LOGIN, { input: { email: 'nobody@example.com', password: 'whatever123' } });
    expect(result.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });
  });
});

