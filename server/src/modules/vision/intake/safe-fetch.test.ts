import { fixtureImage } from '../testing/fixtures';
import { FakeServer, startFakeServer } from '../testing/http-fixture-server';
import { loopbackTripwire } from '../testing/tripwire';
import { AddressPolicy, addressPolicy } from './address-policy';
import { OutboundRequestError, Resolver, SafeFetchOptions, safeFetch, safePost } from './safe-fetch';

const png = fixtureImage('chelsea.png');

const strict = addressPolicy({ allowLoopback: false });
const loopbackAllowed = addressPolicy({ allowLoopback: true });

const options = (overrides: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({
  policy: loopbackAllowed,
  maxBytes: 1024 * 1024,
  timeoutMs: 2000,
  beforeConnect: loopbackTripwire,
  ...overrides,
});

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error),
  );

describe('safeFetch', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer((request, response) => {
      const url = new URL(request.path, 'http://x');
      if (url.pathname === '/image.png') return void response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      if (url.pathname === '/redirect') {
        return void response.writeHead(302, { location: url.searchParams.get('to') ?? '/image.png' }).end();
      }
      const hops = /^\/chain\/(\d+)$/.exec(url.pathname);
      if (hops) {
        const left = Number(hops[1]);
        return void response.writeHead(301, { location: left > 1 ? `/chain/${left - 1}` : '/image.png' }).end();
      }
      if (url.pathname === '/big') return void response.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024, 1));
      if (url.pathname === '/big-chunked') {
        response.writeHead(200, { 'transfer-encoding': 'chunked' });
        for (let i = 0; i < 40; i += 1) response.write(Buffer.alloc(64 * 1024, 2));
        return void response.end();
      }
      if (url.pathname === '/hang') return; // never answers
      response.writeHead(404).end('not here');
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('fetches an image from an allowed address', async () => {
    const fetched = await safeFetch(`${server.url}/image.png`, options());
    expect(fetched.bytes.equals(png)).toBe(true);
    expect(fetched.contentType).toBe('image/png');
  });

  it.each([
    ['dotted loopback', (port: number) => `http://127.0.0.1:${port}/image.png`],
    ['decimal loopback', (port: number) => `http://2130706433:${port}/image.png`],
    ['hex loopback', (port: number) => `http://0x7f000001:${port}/image.png`],
    ['octal loopback', (port: number) => `http://0177.0.0.1:${port}/image.png`],
    ['short loopback', (port: number) => `http://127.1:${port}/image.png`],
    ['IPv6 loopback', (port: number) => `http://[::1]:${port}/image.png`],
    ['IPv4-mapped loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/image.png`],
    ['localhost', (port: number) => `http://localhost:${port}/image.png`],
    ['unspecified', (port: number) => `http://0.0.0.0:${port}/image.png`],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['private network', () => 'http://10.0.0.1/image.png'],
    ['unique-local IPv6', () => 'http://[fd00::1]/image.png'],
  ])('refuses %s with URL_NOT_ALLOWED before connecting', async (_name, url) => {
    expect(await code(safeFetch(url(server.port), options({ policy: strict })))).toBe('URL_NOT_ALLOWED');
    expect(server.requests).toHaveLength(0);
  });

  it.each(['ftp://example.com/a.png', 'file:///etc/passwd', 'data:image/png;base64,AAAA', 'gopher://x/'])(
    'refuses the scheme of %s',
    async (url) => {
      expect(await code(safeFetch(url, options()))).toBe('URL_NOT_ALLOWED');
    },
  );

  it('refuses malformed URLs and URLs with credentials as bad input', async () => {
    expect(await code(safeFetch('not a url', options()))).toBe('BAD_USER_INPUT');
    expect(await code(safeFetch(`http://user:secret@127.0.0.1:${server.port}/image.png`, options()))).toBe('BAD_USER_INPUT');
    expect(server.requests).toHaveLength(0);
  });

  it('checks every address a name resolves to: one bad address refuses the URL', async () => {
    const resolve: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    expect(await code(safeFetch('http://mixed.example/image.png', options({ resolve })))).toBe('URL_NOT_ALLOWED');
    const mapped: Resolver = async () => [{ address: '::ffff:169.254.169.254', family: 6 }];
    expect(await code(safeFetch('http://mapped.example/image.png', options({ resolve: mapped })))).toBe('URL_NOT_ALLOWED');
  });

  it('resolves once per hop and connects to the address it checked (no DNS rebinding)', async () => {
    let lookups = 0;
    // A rebinding DNS server: harmless on the check, internal on any later lookup.
    const resolve: Resolver = async () => {
      lookups += 1;
      return [{ address: lookups === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };
    const fetched = await safeFetch(`http://images.example:${server.port}/image.png`, options({ resolve }));
    expect(fetched.bytes.equals(png)).toBe(true);
    expect(lookups).toBe(1);
    expect(server.requests[0].headers.host).toBe(`images.example:${server.port}`);
  });

  it('follows up to 3 redirects and refuses a 4th', async () => {
    const three = await safeFetch(`${server.url}/chain/3`, options());
    expect(three.bytes.equals(png)).toBe(true);
    expect(three.url).toBe(`${server.url}/image.png`);
    server.requests.length = 0;
    expect(await code(safeFetch(`${server.url}/chain/4`, options()))).toBe('BAD_USER_INPUT');
    expect(server.requests.map((r) => r.path)).toEqual(['/chain/4', '/chain/3', '/chain/2', '/chain/1']);
  });

  it('checks every redirect target: a redirect to cloud metadata is refused', async () => {
    const to = encodeURIComponent('http://169.254.169.254/latest/meta-data/iam');
    expect(await code(safeFetch(`${server.url}/redirect?to=${to}`, options()))).toBe('URL_NOT_ALLOWED');
    const toFile = encodeURIComponent('file:///etc/passwd');
    expect(await code(safeFetch(`${server.url}/redirect?to=${toFile}`, options()))).toBe('URL_NOT_ALLOWED');
  });

  it('refuses a redirect to loopback when only the first hop may be loopback', async () => {
    const secret = await startFakeServer((_request, response) => void response.writeHead(200).end('internal admin page'));
    try {
      // The first hop stands for a public server (only loopback can run here); every later hop gets the real rule.
      const firstHopOnly: AddressPolicy = (ip, hop) => (hop === 0 ? loopbackAllowed(ip, hop) : strict(ip, hop));
      const to = encodeURIComponent(`http://127.0.0.1:${secret.port}/admin`);
      expect(await code(safeFetch(`${server.url}/redirect?to=${to}`, options({ policy: firstHopOnly })))).toBe('URL_NOT_ALLOWED');
      expect(server.requests).toHaveLength(1);
      expect(secret.requests).toHaveLength(0);
      const toMapped = encodeURIComponent(`http://[::ffff:7f00:1]:${secret.port}/admin`);
      expect(await code(safeFetch(`${server.url}/redirect?to=${toMapped}`, options({ policy: firstHopOnly })))).toBe('URL_NOT_ALLOWED');
      expect(secret.requests).toHaveLength(0);
    } finally {
      await secret.close();
    }
  });

  it('cuts bodies at maxBytes, declared or streamed', async () => {
    expect(await code(safeFetch(`${server.url}/big`, options()))).toBe('PAYLOAD_TOO_LARGE');
    expect(await code(safeFetch(`${server.url}/big-chunked`, options()))).toBe('PAYLOAD_TOO_LARGE');
  });

  it('gives up after the time limit', async () => {
    const started = Date.now();
    const error = await safeFetch(`${server.url}/hang`, options({ timeoutMs: 300 })).catch((e) => e);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/did not answer/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports HTTP errors as bad input without the body', async () => {
    const error = await safeFetch(`${server.url}/missing`, options()).catch((e) => e);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('The image URL answered HTTP 404');
  });
});

describe('safePost (webhook deliveries)', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer((request, response) => {
      if (request.path === '/redirect') return void response.writeHead(307, { location: '/elsewhere' }).end();
      if (request.path.startsWith('/hang')) return; // never answers
      if (request.path === '/big') return void response.writeHead(200).end(Buffer.alloc(256 * 1024, 1));
      response.writeHead(204).end();
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const post = (url: string, overrides: Partial<SafeFetchOptions> = {}) =>
    safePost(url, '{"type":"job.succeeded"}', { 'content-type': 'application/json', 'webhook-id': 'msg_1' }, options({ maxBytes: 64 * 1024, ...overrides }));

  it('POSTs the body with its headers and resolves with the status', async () => {
    expect(await post(`${server.url}/in`)).toBe(204);
    expect(server.requests).toEqual([expect.objectContaining({ method: 'POST', path: '/in' })]);
    expect(server.requests[0].body.toString()).toBe('{"type":"job.succeeded"}');
    expect(server.requests[0].headers).toMatchObject({ 'webhook-id': 'msg_1', 'content-length': '24' });
  });

  it('follows no redirect: the 3xx is the answer', async () => {
    expect(await post(`${server.url}/redirect`)).toBe(307);
    expect(server.requests.map((request) => request.path)).toEqual(['/redirect']);
  });

  it('refuses non-public addresses before connecting, and pins the checked address', async () => {
    expect(await code(post(`${server.url}/in`, { policy: strict }))).toBe('URL_NOT_ALLOWED');
    const mixed: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ];
    expect(await code(post('http://hooks.example/in', { resolve: mixed }))).toBe('URL_NOT_ALLOWED');
    let lookups = 0;
    const rebinding: Resolver = async () => [{ address: (lookups += 1) === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    expect(await post(`http://hooks.example:${server.port}/in`, { resolve: rebinding })).toBe(204);
    expect(lookups).toBe(1);
  });

  it('reads a long answer only up to maxBytes and still reports its status', async () => {
    expect(await post(`${server.url}/big`)).toBe(200);
  });

  it('gives up after the time limit, and names no URL in its error', async () => {
    const error = await post(`${server.url}/hang?token=secret`, { timeoutMs: 300 }).catch((e) => e);
    expect(error).toBeInstanceOf(OutboundRequestError);
    expect(error.message).toBe('no answer within 0.3 s');
  });
});
