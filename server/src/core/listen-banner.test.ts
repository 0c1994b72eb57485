import { listenBanner, listenUrl } from './listen-banner';

const ipv4 = (address: string, port = 4000) => ({ address, port, family: 'IPv4' });

describe('listenBanner', () => {
  it('prints the address it listens on and nothing more when PUBLIC_URL is that address', () => {
    const banner = listenBanner(ipv4('127.0.0.1'), 'http://127.0.0.1:4000/');
    expect(banner).toContain('VisionGate listening on http://127.0.0.1:4000');
    expect(banner).toContain('GraphQL: http://127.0.0.1:4000/graphql');
    expect(banner).not.toContain('PUBLIC_URL');
  });

  it('says in one line when PUBLIC_URL is another origin (HOST=127.0.0.1, default PUBLIC_URL on localhost)', () => {
    const lines = listenBanner(ipv4('127.0.0.1'), 'http://localhost:4000').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('PUBLIC_URL is http://localhost:4000, not http://127.0.0.1:4000');
    expect(lines[1]).toContain('Stripe redirects and mail links go to PUBLIC_URL');
    expect(lines[1]).toContain('set PUBLIC_URL=http://127.0.0.1:4000');
  });

  it('takes the port actually bound and compares ports too', () => {
    expect(listenBanner(ipv4('127.0.0.1', 45123), 'http://127.0.0.1:4000')).toContain('PUBLIC_URL is http://127.0.0.1:4000, not http://127.0.0.1:45123');
  });

  it('shows a wildcard listener as localhost on all interfaces, which the default PUBLIC_URL matches', () => {
    const banner = listenBanner(ipv4('0.0.0.0'), 'http://localhost:4000');
    expect(banner).toContain('listening on http://localhost:4000 (all interfaces, port 4000)');
    expect(banner).not.toContain('PUBLIC_URL');
    expect(listenBanner({ address: '::', port: 4000, family: 'IPv6' }, 'http://localhost:4000')).not.toContain('PUBLIC_URL');
  });

  it('names a public address behind a proxy as the one to open', () => {
    expect(listenBanner(ipv4('0.0.0.0'), 'https://vision.example.com')).toContain('PUBLIC_URL is https://vision.example.com, not http://localhost:4000');
  });

  it('brackets IPv6 addresses', () => {
    expect(listenUrl({ address: '::1', port: 4000, family: 'IPv6' })).toBe('http://[::1]:4000');
  });

  it('copes with a pipe or no address', () => {
    expect(listenBanner('/tmp/vg.sock', 'http://localhost:4000')).toContain('listening on /tmp/vg.sock');
    expect(listenBanner(null, 'http://localhost:4000')).toContain('listening on an unknown address');
  });
});
