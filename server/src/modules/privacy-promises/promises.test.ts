import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../core/config';
import { REGISTER, registrationInput, startTestServer, TestServer, useTestServer } from '../../test/harness';
import { scanClient, scanText } from './client-trackers';
import { MAP_PATH, checkMap, findProblems, renderMap, scanSource } from './promise-map';
import { promise } from './promise-test';
import { PROMISES, findPromise } from './promises';

describe('the promise catalogue', () => {
  it('has unique, well-formed ids whose policy prefix matches the source clause', () => {
    const ids = PROMISES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of PROMISES) {
      expect(p.id).toMatch(/^(000|001)-[0-9.]+-[a-z0-9-]+$/);
      expect(p.source.startsWith(p.id.slice(0, 3))).toBe(true);
      expect(p.plainLanguage.length).toBeGreaterThan(10);
    }
    expect(PROMISES.filter((p) => p.kind === 'software').length).toBeGreaterThanOrEqual(40);
  });

  it('refuses an unknown promise id when the test is defined', () => {
    expect(() => promise('001-9-no-such-promise', 'never defined', () => undefined)).toThrow(/unknown privacy promise/);
    expect(() => promise([], 'names nothing', () => undefined)).toThrow(/names no privacy promise/);
    expect(findPromise('001-1.4-token-limit')?.source).toBe('001 §1.4');
  });

  it('reads promise calls from test sources, single and several ids, any quotes', () => {
    const source = ['  ' + "promise('001-1.4-token-limit', 'allows ten', async () => {});", '  ' + 'promise(["a-1", "b-2"], `title ${x}`, fn);', 'it("plain", fn);'].join('\n');
    expect(scanSource(source, 'x.test.ts')).toEqual([
      { ids: ['001-1.4-token-limit'], title: 'allows ten', file: 'x.test.ts', line: 1 },
      { ids: ['a-1', 'b-2'], title: 'title ${x}', file: 'x.test.ts', line: 2 },
    ]);
    const problems = findProblems(scanSource(source, 'x.test.ts'));
    expect(problems.unknownIds.map((u) => u.id)).toEqual(['a-1', 'b-2']);
    expect(problems.unproven.map((p) => p.id)).toContain('001-5-bcrypt-12');
  });

  it(`proves every software promise with a test and ${MAP_PATH} is current (what npm run check runs)`, () => {
    const file = path.join(REPO_ROOT, MAP_PATH);
    expect(checkMap(REPO_ROOT, existsSync(file) ? readFileSync(file, 'utf8') : null)).toEqual([]);
    // And the check does notice a stale map.
    expect(checkMap(REPO_ROOT, renderMap([]))).toContain(`${MAP_PATH} is stale: run \`npm run privacy:map\``);
  });
});

describe('the web client', () => {
  promise(['001-1.5-no-trackers', '000-7-essential-cookies'], 'loads nothing from other origins, embeds no tracker SDK and writes no cookie', () => {
    // The scanner itself must catch each kind of offence, or a clean result would prove nothing.
    expect(scanText('<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>', 'a').map((f) => f.what)).toEqual([
      'resource loaded from another origin',
      'tracking or analytics SDK',
    ]);
    expect(scanText('<img src={"//pixel.example.net/p.gif"} />', 'b')).toHaveLength(1);
    expect(scanText("@import url('https://fonts.googleapis.com/css2?family=Inter');", 'c')).toHaveLength(1);
    expect(scanText("document.cookie = 'seen=1';", 'd')).toHaveLength(1);
    expect(scanText("const ok = document.cookie === '';", 'e')).toHaveLength(0);

    expect(scanClient(path.join(REPO_ROOT, 'client'))).toEqual([]);
  });
});

describe('registration', () => {
  const server = useTestServer();

  promise(['001-1.1-registration-data', '000-1-signup-ip'], 'keeps name, e-mail, a bcrypt hash and the signup IP, and no plaintext password', async () => {
    const input = registrationInput();
    const { register } = await server.client().ok(REGISTER, { input });
    const [row] = await server.dataSource.query(
      'SELECT first_name, last_name, email, password_hash, signup_ip, row_to_json(u)::text AS everything FROM users u WHERE id = $1',
      [register.id],
    );
    expect(row).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', email: input.email });
    expect(row.password_hash).toMatch(/^\$2[aby]\$12\$/);
    expect(row.signup_ip).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    expect(row.everything).not.toContain(input.password);
  });

  promise('001-9-age-16', 'refuses a sign-up without the 16+ confirmation and records when it was given', async () => {
    const refused = registrationInput({ confirmAge16: false });
    const result = await server.client().request(REGISTER, { input: refused });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'confirmAge16' });
    const [{ count }] = await server.dataSource.query('SELECT count(*)::int AS count FROM users WHERE email = $1', [refused.email]);
    expect(count).toBe(0);

    const { register } = await server.client().ok(REGISTER, { input: registrationInput() });
    const [row] = await server.dataSource.query('SELECT age_confirmed_at FROM users WHERE id = $1', [register.id]);
    expect(row.age_confirmed_at).toBeInstanceOf(Date);
  });
});

const PRIVACY_POLICY = `{ privacyPolicy {
  policies { code title }
  promises { id policy source text plainLanguage kind setting }
  settings { sessionMaxAgeDays signupBonusCredits accessLogRetentionDays paymentRetentionYears resultsStored originalRetentionDays
    outputRetention { plan days } imageProviders { feature provider leavesServer } marketingOptIn mailDelivery }
} }`;

describe('privacyPolicy query', () => {
  let server: TestServer;
  afterEach(() => server?.close());

  it('gives anyone the catalogue and the defaults: nothing stored, mail in the outbox, marketing opt-in', async () => {
    server = await startTestServer();
    const { privacyPolicy } = await server.client().ok(PRIVACY_POLICY);
    expect(privacyPolicy.policies.map((p: { code: string }) => p.code)).toEqual(['001', '000']);
    expect(privacyPolicy.promises).toHaveLength(PROMISES.length);
    expect(privacyPolicy.promises.find((p: { id: string }) => p.id === '001-1.4-token-limit')).toEqual({
      id: '001-1.4-token-limit', policy: '001', source: '001 §1.4', kind: 'SOFTWARE', setting: null,
      text: findPromise('001-1.4-token-limit')!.text, plainLanguage: findPromise('001-1.4-token-limit')!.plainLanguage,
    });
    expect(privacyPolicy.promises.find((p: { id: string }) => p.id === '000-4-no-training').kind).toBe('PEOPLE');
    expect(privacyPolicy.settings).toMatchObject({
      sessionMaxAgeDays: 7, signupBonusCredits: 50, accessLogRetentionDays: 90, paymentRetentionYears: 7,
      resultsStored: false, originalRetentionDays: 30, marketingOptIn: true, mailDelivery: 'OUTBOX',
      outputRetention: [{ plan: 'FREE', days: 30 }, { plan: 'STARTER', days: 90 }, { plan: 'PRO', days: null }],
    });
    const features = (await server.client().ok('{ features { name } }')).features.map((f: { name: string }) => f.name);
    expect(privacyPolicy.settings.imageProviders.map((p: { feature: string }) => p.feature)).toEqual(features);
  });

  it('follows this deployment: stored results, SMTP, and SentiSight receiving images', async () => {
    server = await startTestServer({
      env: {
        STORE_RESULTS: 'true', RESULTS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), SMTP_URL: 'smtp://127.0.0.1:1',
        SENTISIGHT_TOKEN: 'token', VISION_PROVIDERS: 'PLACES_CLASSIFICATION=sentisight',
      },
    });
    const { settings } = (await server.client().ok(PRIVACY_POLICY)).privacyPolicy;
    expect(settings).toMatchObject({ resultsStored: true, mailDelivery: 'SMTP' });
    expect(settings.imageProviders).toContainEqual({ feature: 'PLACES_CLASSIFICATION', provider: 'SENTISIGHT', leavesServer: true });
    expect(settings.imageProviders.filter((p: { provider: string | null }) => p.provider === 'LOCAL').every((p: { leavesServer: boolean }) => !p.leavesServer)).toBe(true);
  });
});
