import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../core/config';

const base = { NODE_ENV: 'test', JWT_SECRET: randomBytes(32).toString('hex'), DATA_DIR: '/tmp/vg-config-test' };

describe('vision settings', () => {
  it('has safe defaults: 10 MB, 40 megapixels, SentiSight and fal.ai public endpoints, no loopback URLs', () => {
    const { vision } = loadConfig(base);
    expect(vision).toMatchObject({
      providers: '',
      maxImageBytes: 10 * 1024 * 1024,
      maxImagePixels: 40_000_000,
      allowLoopbackUrls: false,
      sentisight: { apiBase: 'https://platform.sentisight.ai/api', token: undefined },
      fal: { apiBase: 'https://fal.run', queueBase: 'https://queue.fal.run', key: undefined },
    });
  });

  it('reads every key', () => {
    const { vision } = loadConfig({
      ...base,
      VISION_PROVIDERS: 'BACKGROUND_REMOVAL=fal',
      SENTISIGHT_API_BASE: 'http://127.0.0.1:9/api/',
      SENTISIGHT_TOKEN: 'tok',
      FAL_API_BASE: 'http://127.0.0.1:8',
      FAL_QUEUE_BASE: 'http://127.0.0.1:7',
      FAL_KEY: 'key',
      MAX_IMAGE_BYTES: '1000',
      MAX_IMAGE_PIXELS: '2000',
      VISION_TIMEOUT_MS: '3000',
      IMAGE_FETCH_TIMEOUT_MS: '4000',
      ALLOW_LOOPBACK_URLS: 'true',
    });
    expect(vision).toMatchObject({
      providers: 'BACKGROUND_REMOVAL=fal',
      sentisight: { apiBase: 'http://127.0.0.1:9/api', token: 'tok' },
      fal: { apiBase: 'http://127.0.0.1:8', queueBase: 'http://127.0.0.1:7', key: 'key' },
      maxImageBytes: 1000,
      maxImagePixels: 2000,
      timeoutMs: 3000,
      imageFetchTimeoutMs: 4000,
      allowLoopbackUrls: true,
    });
  });

  it('refuses ALLOW_LOOPBACK_URLS in production', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', ALLOW_LOOPBACK_URLS: 'true' })).toThrow(/ALLOW_LOOPBACK_URLS/);
  });

  it('refuses provider base URLs that are not http(s)', () => {
    expect(() => loadConfig({ ...base, SENTISIGHT_API_BASE: 'file:///etc' })).toThrow(/http\(s\) URLs/);
  });
});
