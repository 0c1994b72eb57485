import { LedgerReason } from '../credits/ledger-entry.entity';
import { signUp, useTestServer } from '../../test/harness';
import { addressPolicy } from './intake/address-policy';
import { FakeSentiSight, sentiSightEnv, useFakeSentiSight } from './testing/fake-sentisight';
import { fixtureImage } from './testing/fixtures';
import { startFakeServer, useFakeServer } from './testing/http-fixture-server';
import { paddedPng, pngBomb } from './testing/images';
import { loopbackTripwire } from './testing/tripwire';
import { ANALYZE_URL, analyzeUpload, analyzed, balanceOf, consumptionsOf, errorOf } from './testing/vision-api';

const env = (sentisight: FakeSentiSight, extra: Record<string, string> = {}) => ({
  SIGNUP_RATE_LIMIT: '1000',
  ...sentiSightEnv(sentisight, ['PLACES_CLASSIFICATION']),
  ...extra,
});

/** Bad input is refused with a typed error before anything is charged or sent to a provider. */
describe('vision input checks', () => {
  const sentisight = useFakeSentiSight();
  const server = useTestServer(() => ({ env: env(sentisight, { ALLOW_LOOPBACK_URLS: 'true' }) }));
  const astronaut = fixtureImage('astronaut.png');

  beforeAll(() => {
    server.app.services.vision.network.beforeConnect = loopbackTripwire;
  });
  beforeEach(() => {
    sentisight.requests.length = 0;
  });

  async function expectNothingCharged(userId: string) {
    expect(await consumptionsOf(server.dataSource, userId)).toEqual([]);
    expect(await balanceOf(server.dataSource, userId)).toBe(50);
    expect(sentisight.requests).toHaveLength(0);
  }

  it.each([
    ['an 11 MB upload', () => paddedPng(fixtureImage('chelsea.png'), 11 * 1024 * 1024), 'PAYLOAD_TOO_LARGE', /larger than 10 MB/],
    ['a text file named .png', () => Buffer.from('Dear diary, today I pretended to be a PNG.\n'.repeat(20)), 'BAD_USER_INPUT', /not a supported image/],
    ['a truncated PNG', () => astronaut.subarray(0, Math.floor(astronaut.length * 0.6)), 'BAD_USER_INPUT', /damaged or incomplete/],
    ['a 20000×20000 decompression bomb', () => pngBomb(20000, 20000), 'PAYLOAD_TOO_LARGE', /20000×20000 pixels/],
    ['an empty file', () => Buffer.alloc(0), 'BAD_USER_INPUT', /empty/],
  ])('refuses %s, charging nothing', async (_name, bytes, code, message) => {
    const client = server.client();
    const user = await signUp(client);
    const error = errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', bytes(), { filename: 'holiday.png', contentType: 'image/png' }));
    expect(error.extensions.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.extensions.stacktrace).toBeUndefined();
    await expectNothingCharged(user.id);
  });

  it('takes the type from the bytes, not from the name or declared type', async () => {
    const client = server.client();
    await signUp(client);
    const result = await analyzed(client, 'PLACES_CLASSIFICATION', fixtureImage('rocket.jpg'), { filename: 'notes.txt', contentType: 'text/plain' });
    expect(result.creditsCharged).toBe(1);
    expect(sentisight.requests[0].body.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('needs a signed-in caller', async () => {
    const error = errorOf(await analyzeUpload(server.client(), 'PLACES_CLASSIFICATION', astronaut));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(sentisight.requests).toHaveLength(0);
  });

  it('refuses a multipart request without the apollo-require-preflight header (CSRF protection)', async () => {
    const client = server.client();
    const user = await signUp(client);
    const response = await analyzeUpload(client, 'PLACES_CLASSIFICATION', astronaut, { headers: { 'apollo-require-preflight': '' } });
    expect(response.status).toBe(400);
    expect(errorOf(response).message).toMatch(/preflight/i);
    await expectNothingCharged(user.id);
  });

  it('answers malformed multipart requests with a JSON error', async () => {
    const client = server.client();
    await signUp(client);
    const response = await fetch(client.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'apollo-require-preflight': 'true', ...client.authHeaders() },
      body: '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query": "{ features { name } }"}\r\n--x--\r\n',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0].message).toMatch(/‘map’ field is missing/);
  });

  it('refuses an Upload variable sent as JSON instead of a file', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { ANALYZE_IMAGE } = await import('./testing/vision-api');
    const error = errorOf(await client.request(ANALYZE_IMAGE, { feature: 'PLACES_CLASSIFICATION', image: 'iVBORw0KGgo=' }));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    await expectNothingCharged(user.id);
  });

  it('validates options and idempotency keys', async () => {
    const client = server.client();
    const user = await signUp(client);
    const minScore = errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', astronaut, { options: { minScore: 2 } }));
    expect(minScore.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'options.minScore' });
    const maxResults = errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', astronaut, { options: { maxResults: 0 } }));
    expect(maxResults.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'options.maxResults' });
    const key = errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', astronaut, { key: 'has spaces in it' }));
    expect(key.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    const url = errorOf(await client.request(ANALYZE_URL, { feature: 'PLACES_CLASSIFICATION', url: 'x'.repeat(3000) }));
    expect(url.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    await expectNothingCharged(user.id);
  });

  it('INSUFFICIENT_CREDITS: the provider is never called', async () => {
    const client = server.client();
    const user = await signUp(client);
    await server.app.services.credits.apply({ userId: user.id, delta: -50, reason: LedgerReason.ADMIN_ADJUSTMENT, note: 'test: empty the balance' });
    const error = errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', astronaut));
    expect(error.extensions.code).toBe('INSUFFICIENT_CREDITS');
    expect(sentisight.requests).toHaveLength(0);
    expect(await consumptionsOf(server.dataSource, user.id)).toEqual([]);
    expect(await balanceOf(server.dataSource, user.id)).toBe(0);
  });

  it('a redirect to loopback is refused when only the first hop may be loopback (as a public server would be)', async () => {
    const secret = await startFakeServer((_request, response) => void response.writeHead(200).end(astronaut));
    const redirector = await startFakeServer((_request, response) => void response.writeHead(302, { location: `http://[::1]:${secret.port}/internal` }).end());
    const network = server.app.services.vision.network;
    const usual = network.policy;
    const strict = addressPolicy({ allowLoopback: false });
    network.policy = (ip, hop) => (hop === 0 ? usual(ip, hop) : strict(ip, hop));
    try {
      const client = server.client();
      const user = await signUp(client);
      const error = errorOf(await client.request(ANALYZE_URL, { feature: 'PLACES_CLASSIFICATION', url: `${redirector.url}/photo.png` }));
      expect(error.extensions.code).toBe('URL_NOT_ALLOWED');
      expect(redirector.requests).toHaveLength(1);
      expect(secret.requests).toHaveLength(0);
      await expectNothingCharged(user.id);
    } finally {
      network.policy = usual;
      await Promise.all([secret.close(), redirector.close()]);
    }
  });

  it('answers an image URL that fails with BAD_USER_INPUT, charging nothing', async () => {
    const missing = await startFakeServer((_request, response) => void response.writeHead(404).end('nope'));
    try {
      const client = server.client();
      const user = await signUp(client);
      const error = errorOf(await client.request(ANALYZE_URL, { feature: 'PLACES_CLASSIFICATION', url: `${missing.url}/gone.png` }));
      expect(error).toMatchObject({ message: 'The image URL answered HTTP 404', extensions: { code: 'BAD_USER_INPUT', field: 'url' } });
      await expectNothingCharged(user.id);
    } finally {
      await missing.close();
    }
  });
});

describe('image URLs on a server that allows no loopback (production rules)', () => {
  const sentisight = useFakeSentiSight();
  const target = useFakeServer((_request, response) => void response.writeHead(200).end(fixtureImage('astronaut.png')));
  const server = useTestServer(() => ({ env: env(sentisight) }));

  beforeAll(() => {
    server.app.services.vision.network.beforeConnect = loopbackTripwire;
  });

  it.each([
    'http://127.0.0.1:PORT/a.png',
    'http://[::1]:PORT/a.png',
    'http://localhost:PORT/a.png',
    'http://2130706433:PORT/a.png',
    'http://0x7f000001:PORT/a.png',
    'http://0177.0.0.1:PORT/a.png',
    'http://[::ffff:127.0.0.1]:PORT/a.png',
    'http://0.0.0.0:PORT/a.png',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/a.png',
    'http://192.168.1.10/a.png',
    'http://100.64.0.1/a.png',
    'http://[fe80::1]/a.png',
    'http://[fc00::1]/a.png',
    'http://224.0.0.1/a.png',
  ])('refuses %s with URL_NOT_ALLOWED, fetching and charging nothing', async (url) => {
    const client = server.client();
    const user = await signUp(client);
    const error = errorOf(await client.request(ANALYZE_URL, { feature: 'PLACES_CLASSIFICATION', url: url.replace('PORT', String(target.port)) }));
    expect(error.extensions).toMatchObject({ code: 'URL_NOT_ALLOWED', field: 'url' });
    expect(target.requests).toHaveLength(0);
    expect(sentisight.requests).toHaveLength(0);
    expect(await consumptionsOf(server.dataSource, user.id)).toEqual([]);
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/a.png', 'gopher://example.com/', 'data:image/png;base64,iVBORw0KGgo='])(
    'refuses the scheme of %s',
    async (url) => {
      const client = server.client();
      await signUp(client);
      expect(errorOf(await client.request(ANALYZE_URL, { feature: 'PLACES_CLASSIFICATION', url })).extensions.code).toBe('URL_NOT_ALLOWED');
    },
  );
});
