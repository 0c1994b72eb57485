import sharp from 'sharp';
import { addressPolicy } from '../intake/address-policy';
import { acceptImage } from '../intake/image-intake';
import { safeFetch } from '../intake/safe-fetch';
import { FAL_SECRET_ERROR, FakeFal, startFakeFal } from '../testing/fake-fal';
import { fixtureImage } from '../testing/fixtures';
import { loopbackTripwire } from '../testing/tripwire';
import { PreparedImage, VisionFeature } from '../vision.types';
import { FalProvider } from './fal-provider';
import { ProviderFailure } from './http-client';
import { promise } from '../../privacy-promises/promise-test';

describe('FalProvider against the fake fal.ai', () => {
  let fake: FakeFal;
  let provider: FalProvider;
  let image: PreparedImage;
  const fetchOutput = async (url: string, signal: AbortSignal) =>
    (
      await safeFetch(url, {
        policy: addressPolicy({ allowLoopback: true }),
        beforeConnect: loopbackTripwire,
        maxBytes: 50 * 1024 * 1024,
        timeoutMs: 5000,
        signal,
        field: 'provider',
      })
    ).bytes;

  beforeAll(async () => {
    fake = await startFakeFal('fal-key');
    provider = new FalProvider({ apiBase: fake.url, queueBase: fake.url, key: 'fal-key', pollIntervalMs: 10 }, fetchOutput);
    image = (await acceptImage(fixtureImage('coffee.png'), { maxBytes: 1e7, maxPixels: 4e7 }, 'image')).prepared;
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.mode = 'ok';
    fake.requests.length = 0;
  });

  it('serves background removal and generation, only with a key', () => {
    expect(provider.availability(VisionFeature.BACKGROUND_REMOVAL)).toEqual({ available: true });
    expect(provider.availability(VisionFeature.IMAGE_GENERATION)).toEqual({ available: true });
    expect(provider.availability(VisionFeature.OBJECT_DETECTION).available).toBe(false);
    const keyless = new FalProvider({ apiBase: fake.url, queueBase: fake.url }, fetchOutput);
    expect(keyless.availability(VisionFeature.IMAGE_GENERATION)).toEqual({ available: false, reason: 'fal.ai is not configured (set FAL_KEY)' });
  });

  promise('000-4-minimum-data-to-models', 'removes a background: data URI in, output file URL fetched, transparent corners', async () => {
    const { image: cutOut } = await provider.analyze(VisionFeature.BACKGROUND_REMOVAL, image, {}, AbortSignal.timeout(5000));
    expect([cutOut!.width, cutOut!.height]).toEqual([600, 400]);
    const pixels = await sharp(Buffer.from(cutOut!.pngBase64, 'base64')).ensureAlpha().raw().toBuffer();
    expect(pixels[3]).toBe(0);
    expect(pixels[(200 * 600 + 300) * 4 + 3]).toBe(255);
    const [submit, download] = fake.requests;
    expect(submit.path).toBe('/fal-ai/birefnet/v2');
    expect(submit.headers.authorization).toBe('Key fal-key');
    expect(JSON.parse(submit.body.toString()).image_url).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(download.path).toMatch(/^\/files\//);
  });

  it('generates through the queue: submit, poll until COMPLETED, fetch the result and its file', async () => {
    const { image: generated } = await provider.generate!('a red fox in the snow', { width: 512, height: 384, seed: 7 }, AbortSignal.timeout(5000));
    expect([generated!.width, generated!.height]).toEqual([512, 384]);
    const paths = fake.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ':id')}`);
    expect(paths).toEqual([
      'POST /fal-ai/flux/schnell',
      'GET /fal-ai/flux/requests/:id/status',
      'GET /fal-ai/flux/requests/:id/status',
      'GET /fal-ai/flux/requests/:id/status',
      'GET /fal-ai/flux/requests/:id',
      'GET /files/:id.png',
    ]);
    const input = [...fake.submitted.values()].pop();
    expect(input).toMatchObject({ prompt: 'a red fox in the snow', image_size: { width: 512, height: 384 }, num_images: 1, seed: 7 });
  });

  it('turns 5xx (after one retry) and malformed bodies into provider failures without fal’s text', async () => {
    fake.mode = 'http500';
    const error = await provider.analyze(VisionFeature.BACKGROUND_REMOVAL, image, {}, AbortSignal.timeout(5000)).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderFailure);
    expect(error.message).not.toContain(FAL_SECRET_ERROR);
    expect(fake.requests).toHaveLength(2);
    fake.mode = 'malformed';
    await expect(provider.generate!('x', {}, AbortSignal.timeout(5000))).rejects.toBeInstanceOf(ProviderFailure);
  });

  it('refuses an undocumented queue status and a missing output file', async () => {
    fake.mode = 'unknown-status';
    await expect(provider.generate!('x', {}, AbortSignal.timeout(5000))).rejects.toThrow(/unexpected queue status/);
    fake.mode = 'output-missing';
    const error = await provider.analyze(VisionFeature.BACKGROUND_REMOVAL, image, {}, AbortSignal.timeout(5000)).catch((e) => e);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT'); // the pipeline reports it as PROVIDER_ERROR
  });

  it('will not fetch an output file from a private address', async () => {
    fake.mode = 'output-internal-url';
    const error = await provider.analyze(VisionFeature.BACKGROUND_REMOVAL, image, {}, AbortSignal.timeout(5000)).catch((e) => e);
    expect(error.extensions?.code).toBe('URL_NOT_ALLOWED');
  });

  it('gives up on a queue that never completes when the signal aborts, and cancels the request', async () => {
    fake.mode = 'never-completes';
    const error = await provider.generate!('x', {}, AbortSignal.timeout(300)).catch((e) => e);
    expect(error.name).toBe('TimeoutError');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.cancelled).toHaveLength(1);
  });
});
