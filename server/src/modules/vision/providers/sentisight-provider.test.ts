import sharp from 'sharp';
import { acceptImage } from '../intake/image-intake';
import { FakeSentiSight, SENTISIGHT_SECRET_ERROR, startFakeSentiSight } from '../testing/fake-sentisight';
import { fixtureImage } from '../testing/fixtures';
import { PreparedImage, VisionFeature } from '../vision.types';
import { ProviderFailure } from './http-client';
import { SENTISIGHT_MODELS, SentiSightProvider, parseSentiSightAnswer } from './sentisight-provider';
import { promise } from '../../privacy-promises/promise-test';

const limits = { maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000 };

describe('SentiSightProvider against the fake SentiSight', () => {
  let fake: FakeSentiSight;
  let provider: SentiSightProvider;
  let image: PreparedImage;
  const signal = () => AbortSignal.timeout(5000);

  beforeAll(async () => {
    fake = await startFakeSentiSight('sentisight-token');
    provider = new SentiSightProvider({ apiBase: fake.url, token: 'sentisight-token' });
    image = (await acceptImage(fixtureImage('chelsea.png'), limits, 'image')).prepared;
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.mode = 'ok';
    fake.requests.length = 0;
  });

  it('is available for its eight models only, and only with a token', () => {
    for (const feature of Object.values(VisionFeature)) {
      expect(provider.availability(feature).available).toBe(Boolean(SENTISIGHT_MODELS[feature]));
    }
    expect(Object.keys(SENTISIGHT_MODELS)).toHaveLength(8);
    const unconfigured = new SentiSightProvider({ apiBase: fake.url });
    expect(unconfigured.availability(VisionFeature.PLACES_CLASSIFICATION)).toEqual({
      available: false,
      reason: 'SentiSight is not configured (set SENTISIGHT_TOKEN)',
    });
  });

  promise('001-3-sentisight-image-only', 'posts the raw image with the token and turns percentages into 0..1 scores', async () => {
    const result = await provider.analyze(VisionFeature.PLACES_CLASSIFICATION, image, {}, signal());
    expect(result.labels).toEqual([
      { label: 'office', score: 0.725 },
      { label: 'bedroom', score: 0.201 },
      { label: 'kitchen', score: 0.04 },
    ]);
    const [request] = fake.requests;
    expect(request.path).toBe('/pm-predict/Places-classification');
    expect(request.headers['x-auth-token']).toBe('sentisight-token');
    expect(request.headers['content-type']).toBe('application/octet-stream');
    expect(request.body.equals(image.data!)).toBe(true);
  });

  it('turns x0, y0, x1, y1 corners into x, y, width, height', async () => {
    const { objects } = await provider.analyze(VisionFeature.OBJECT_DETECTION, image, {}, signal());
    expect(objects![0]).toEqual({ label: 'person', score: 0.88, box: { x: 451 * 0.25, y: 30, width: 451 * 0.5, height: 240 } });
  });

  it('reads OCR points as polygons, pose keypoints, instance outlines as masks, and the cut-out image', async () => {
    const { texts } = await provider.analyze(VisionFeature.TEXT_RECOGNITION, image, {}, signal());
    expect(texts!.map((t) => t.text)).toEqual(['HELLO', 'WORLD']);
    expect(texts![0].polygon).toEqual([{ x: 10, y: 10 }, { x: 60, y: 10 }, { x: 60, y: 30 }, { x: 10, y: 30 }]);

    const { poses } = await provider.analyze(VisionFeature.POSE_ESTIMATION, image, {}, signal());
    expect(poses![0].keypoints).toHaveLength(17);
    expect(poses![0].keypoints[0]).toMatchObject({ name: 'nose', score: 0.8 });

    const { instances } = await provider.analyze(VisionFeature.INSTANCE_SEGMENTATION, image, {}, signal());
    const maskPng = Buffer.from(instances![0].maskPng, 'base64');
    const meta = await sharp(maskPng).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 451, 300, 1]);
    const mask = await sharp(maskPng).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect(mask.data[150 * 451 + 225]).toBe(255); // inside the outline
    expect(mask.data[5 * 451 + 5]).toBe(0); // outside

    const { image: cutOut } = await provider.analyze(VisionFeature.BACKGROUND_REMOVAL, image, {}, signal());
    expect([cutOut!.width, cutOut!.height]).toEqual([451, 300]);
    const pixels = await sharp(Buffer.from(cutOut!.pngBase64, 'base64')).raw().toBuffer();
    expect(pixels[3]).toBe(0); // top-left pixel fully transparent
  });

  it('retries once after a 5xx and succeeds', async () => {
    fake.mode = 'http500-once';
    const result = await provider.analyze(VisionFeature.NSFW_CLASSIFICATION, image, {}, signal());
    expect(result.labels![0]).toEqual({ label: 'safe', score: 0.991 });
    expect(fake.requests).toHaveLength(2);
  });

  it('fails after the retry when the 5xx persists, without the provider’s error text', async () => {
    fake.mode = 'http500';
    const error = await provider.analyze(VisionFeature.NSFW_CLASSIFICATION, image, {}, signal()).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderFailure);
    expect(error.message).toBe('SentiSight answered HTTP 500');
    expect(error.message).not.toContain(SENTISIGHT_SECRET_ERROR);
    expect(fake.requests).toHaveLength(2);
  });

  it('retries a dropped connection once', async () => {
    fake.mode = 'drop';
    const error = await provider.analyze(VisionFeature.NSFW_CLASSIFICATION, image, {}, signal()).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderFailure);
    expect(fake.requests).toHaveLength(2);
  });

  it('does not retry a 4xx, a malformed body or a wrong shape', async () => {
    for (const mode of ['http401', 'malformed', 'wrong-shape'] as const) {
      fake.mode = mode;
      fake.requests.length = 0;
      const error = await provider.analyze(VisionFeature.NSFW_CLASSIFICATION, image, {}, signal()).catch((e) => e);
      expect(error).toBeInstanceOf(ProviderFailure);
      expect(fake.requests).toHaveLength(1);
    }
  });

  it('stops waiting when the signal aborts', async () => {
    fake.mode = 'hang';
    const started = Date.now();
    const error = await provider.analyze(VisionFeature.NSFW_CLASSIFICATION, image, {}, AbortSignal.timeout(200)).catch((e) => e);
    expect(error.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('parseSentiSightAnswer', () => {
  const image = { width: 100, height: 50 } as PreparedImage;

  it('accepts the keypoint shapes seen in the wild: lists, triples and maps', async () => {
    const triples = await parseSentiSightAnswer(VisionFeature.POSE_ESTIMATION, [{ keypoints: [[1, 2, 50], [3, 4, 100]] }], image);
    expect(triples.poses![0]).toEqual({
      score: 0.75,
      keypoints: [
        { name: 'nose', x: 1, y: 2, score: 0.5 },
        { name: 'leftEye', x: 3, y: 4, score: 1 },
      ],
    });
    const map = await parseSentiSightAnswer(VisionFeature.POSE_ESTIMATION, [{ score: 60, keypoints: { nose: { x: 5, y: 6, score: 90 } } }], image);
    expect(map.poses![0]).toEqual({ score: 0.6, keypoints: [{ name: 'nose', x: 5, y: 6, score: 0.9 }] });
  });

  it('refuses answers that do not have the documented shape', async () => {
    const bad: unknown[] = [{}, [{ label: 3, score: 50 }], [{ label: 'a', score: 'high' }], [{ label: 'a', score: 1, x0: 1 }]];
    await expect(parseSentiSightAnswer(VisionFeature.GENERAL_CLASSIFICATION, bad[0], image)).rejects.toBeInstanceOf(ProviderFailure);
    await expect(parseSentiSightAnswer(VisionFeature.GENERAL_CLASSIFICATION, bad[1], image)).rejects.toBeInstanceOf(ProviderFailure);
    await expect(parseSentiSightAnswer(VisionFeature.GENERAL_CLASSIFICATION, bad[2], image)).rejects.toBeInstanceOf(ProviderFailure);
    await expect(parseSentiSightAnswer(VisionFeature.OBJECT_DETECTION, bad[3], image)).rejects.toBeInstanceOf(ProviderFailure);
    await expect(parseSentiSightAnswer(VisionFeature.BACKGROUND_REMOVAL, [{ image: 'bm90IGFuIGltYWdl' }], image)).rejects.toBeInstanceOf(
      ProviderFailure,
    );
  });
});
