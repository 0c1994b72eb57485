import sharp from 'sharp';
import { TestServer, signUp, startTestServer } from '../../test/harness';
import { FakeFal, startFakeFal } from './testing/fake-fal';
import { FakeSentiSight, SENTISIGHT_SECRET_ERROR, sentiSightEnv, startFakeSentiSight } from './testing/fake-sentisight';
import { fixtureImage } from './testing/fixtures';
import { FakeServer, startFakeServer } from './testing/http-fixture-server';
import { solidImage } from './testing/images';
import { COCO_KEYPOINTS } from './result-mapping';
import { ScriptedProvider } from './testing/scripted-provider';
import { loopbackTripwire } from './testing/tripwire';
import {
  ANALYZE_URL,
  GENERATE,
  analyzeUpload,
  analyzed,
  balanceOf,
  consumptionsOf,
  errorOf,
  ledgerOf,
} from './testing/vision-api';
import { VisionFeature } from './vision.types';
import { promise } from '../privacy-promises/promise-test';

const SENTISIGHT_FEATURES = [
  'GENERAL_CLASSIFICATION',
  'PLACES_CLASSIFICATION',
  'NSFW_CLASSIFICATION',
  'OBJECT_DETECTION',
  'INSTANCE_SEGMENTATION',
  'TEXT_RECOGNITION',
  'POSE_ESTIMATION',
];

async function alphaAt(png: Buffer, x: number, y: number): Promise<number> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return data[(y * info.width + x) * info.channels + 3];
}

/** The pipeline end to end through GraphQL with the remote providers' fake servers. */
describe('vision through GraphQL with SentiSight and fal.ai', () => {
  let server: TestServer;
  let sentisight: FakeSentiSight;
  let fal: FakeFal;
  let images: FakeServer;
  let local: ScriptedProvider;
  const astronaut = fixtureImage('astronaut.png');

  beforeAll(async () => {
    sentisight = await startFakeSentiSight('sentisight-token');
    fal = await startFakeFal('fal-key');
    images = await startFakeServer((request, response) => {
      if (request.path === '/astronaut.png') return void response.writeHead(200, { 'content-type': 'image/png' }).end(astronaut);
      if (request.path.startsWith('/to-metadata')) return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      response.writeHead(404).end();
    });
    server = await startTestServer({
      env: {
        ALLOW_LOOPBACK_URLS: 'true',
        SIGNUP_RATE_LIMIT: '1000',
        ...sentiSightEnv(sentisight),
        FAL_KEY: 'fal-key',
        FAL_API_BASE: fal.url,
        FAL_QUEUE_BASE: fal.url,
        VISION_TIMEOUT_MS: '4000',
        VISION_PROVIDERS: [...SENTISIGHT_FEATURES.map((f) => `${f}=sentisight`), 'BACKGROUND_REMOVAL=fal', 'IMAGE_GENERATION=fal'].join(','),
      },
    });
    const vision = server.app.services.vision;
    vision.network.beforeConnect = loopbackTripwire;
    // FACE_DETECTION goes to an in-test stand-in for the local provider: its answers are scripted.
    local = new ScriptedProvider('local', async () => ({ faces: [] }), [VisionFeature.FACE_DETECTION]);
    vision.registry.use(local);
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([sentisight.close(), fal.close(), images.close()]);
  });
  beforeEach(() => {
    sentisight.mode = 'ok';
    fal.mode = 'ok';
    sentisight.requests.length = 0;
    fal.requests.length = 0;
    local.calls.length = 0;
  });

  promise(['001-1.3-usage-log-per-call', '001-1.3-url-logged-for-url-submissions'], 'classifies places with SentiSight: scores 0..1, one credit charged, the call logged as SUCCEEDED', async () => {
    const client = server.client();
    const user = await signUp(client);
    const result = await analyzed(client, 'PLACES_CLASSIFICATION', astronaut);
    expect(result).toMatchObject({
      creditsCharged: 1,
      balance: 49,
      viewer: { id: user.id, credits: 49 },
      provider: 'SENTISIGHT',
      feature: 'PLACES_CLASSIFICATION',
      replayed: false,
      labels: [
        { label: 'office', score: 0.725 },
        { label: 'bedroom', score: 0.201 },
        { label: 'kitchen', score: 0.04 },
      ],
      objects: null,
      image: null,
    });
    expect(sentisight.modelsCalled()).toEqual(['Places-classification']);
    const [row] = await consumptionsOf(server.dataSource, user.id);
    expect(row).toMatchObject({ id: result.consumptionId, feature: 'PLACES_CLASSIFICATION', credits: 1, source: 'DASHBOARD', status: 'SUCCEEDED', image_url: null });
    expect(row.duration_ms).toBeGreaterThanOrEqual(0);
    expect(await ledgerOf(server.dataSource, user.id)).toEqual([{ delta: -1, reason: 'CONSUMPTION', reference: result.consumptionId }]);
  });

  it.each([
    ['GENERAL_CLASSIFICATION', 'General-classification', 'cat'],
    ['NSFW_CLASSIFICATION', 'NSFW-classification', 'safe'],
  ])('serves %s from SentiSight model %s', async (feature, model, topLabel) => {
    const client = server.client();
    await signUp(client);
    const result = await analyzed(client, feature, fixtureImage('chelsea.png'));
    expect(result.labels[0].label).toBe(topLabel);
    expect(result.labels.every((l: { score: number }) => l.score >= 0 && l.score <= 1)).toBe(true);
    expect(sentisight.modelsCalled()).toEqual([model]);
  });

  it('detects objects with boxes in the pixels of the submitted image, even when it was downscaled for the model', async () => {
    const client = server.client();
    await signUp(client);
    const big = await solidImage(4000, 2000, 'jpeg');
    const result = await analyzed(client, 'OBJECT_DETECTION', big, { filename: 'big.jpg', contentType: 'image/jpeg' });
    // The fake answered on the 1600×800 copy: person at x0 = 25 %, y0 = 10 %, x1 = 75 %, y1 = 90 %.
    expect((await sharp(sentisight.requests[0].body).metadata()).width).toBe(1600);
    expect(result.objects[0]).toEqual({ label: 'person', score: 0.88, box: { x: 1000, y: 200, width: 2000, height: 1600 } });
  });

  it('segments instances: box and a mask PNG at the size of the submitted image', async () => {
    const client = server.client();
    await signUp(client);
    const result = await analyzed(client, 'INSTANCE_SEGMENTATION', astronaut, { options: { minScore: 0.5 } });
    expect(result.instances).toHaveLength(1);
    expect(result.instances[0]).toMatchObject({ label: 'person', score: 0.85, box: { x: 128, y: 128, width: 256, height: 256 } });
    const mask = Buffer.from(result.instances[0].mask, 'base64');
    const meta = await sharp(mask).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 512, 512, 1]);
  });

  it('reads text and poses through SentiSight', async () => {
    const client = server.client();
    await signUp(client);
    const text = await analyzed(client, 'TEXT_RECOGNITION', fixtureImage('text.png'));
    expect(text.texts.map((t: { text: string }) => t.text)).toEqual(['HELLO', 'WORLD']);
    expect(text.texts[0].polygon).toHaveLength(4);
    const pose = await analyzed(client, 'POSE_ESTIMATION', astronaut);
    expect(pose.poses[0].keypoints).toHaveLength(17);
    expect(pose.poses[0].keypoints.map((k: { name: string }) => k.name)).toContain('leftShoulder');
  });

  it("holds SentiSight's poses to the 17 COCO keypoints in order and drops a pose under the default minimum", async () => {
    const client = server.client();
    await signUp(client);
    sentisight.mode = 'sparse-poses';
    const { poses } = await analyzed(client, 'POSE_ESTIMATION', await solidImage(100, 100));
    expect(poses).toHaveLength(1); // the pose scoring 0.1 is gone
    expect(poses[0].score).toBe(0.7);
    expect(poses[0].keypoints.map((k: { name: string }) => k.name)).toEqual(COCO_KEYPOINTS); // "neck" dropped
    const byName = Object.fromEntries(poses[0].keypoints.map((k: { name: string }) => [k.name, k]));
    expect(byName.nose).toEqual({ name: 'nose', x: 25, y: 10, score: 0.8 });
    expect(byName.leftShoulder).toEqual({ name: 'leftShoulder', x: 20, y: 30, score: 0.9 });
    expect(byName.rightAnkle).toEqual({ name: 'rightAnkle', x: 30, y: 90, score: 0.6 });
    expect(byName.leftEye).toEqual({ name: 'leftEye', x: 0, y: 0, score: 0 });
    expect(poses[0].keypoints.filter((k: { score: number }) => k.score === 0)).toHaveLength(14);

    // A caller's minScore replaces the default floor.
    const all = await analyzed(client, 'POSE_ESTIMATION', await solidImage(100, 100), { options: { minScore: 0.05 } });
    expect(all.poses.map((p: { score: number }) => p.score)).toEqual([0.7, 0.1]);
    expect(all.poses[1].keypoints).toHaveLength(17);
  });

  it('applies maxResults and minScore the same way for every provider', async () => {
    const client = server.client();
    await signUp(client);
    const top = await analyzed(client, 'PLACES_CLASSIFICATION', astronaut, { options: { maxResults: 1 } });
    expect(top.labels).toEqual([{ label: 'office', score: 0.725 }]);
    const confident = await analyzed(client, 'OBJECT_DETECTION', astronaut, { options: { minScore: 0.5 } });
    expect(confident.objects.map((o: { label: string }) => o.label)).toEqual(['person']);
  });

  it('removes backgrounds with fal.ai (BiRefNet): a full-size cut-out with transparent corners', async () => {
    const client = server.client();
    await signUp(client);
    const coffee = fixtureImage('coffee.png');
    const result = await analyzed(client, 'BACKGROUND_REMOVAL', coffee);
    expect(result).toMatchObject({ provider: 'FAL', creditsCharged: 3, balance: 47, image: { width: 600, height: 400 } });
    const png = Buffer.from(result.image.png, 'base64');
    expect(await alphaAt(png, 0, 0)).toBe(0);
    expect(await alphaAt(png, 599, 399)).toBe(0);
    expect(await alphaAt(png, 300, 200)).toBe(255);
    expect(fal.requests[0].path).toBe('/fal-ai/birefnet/v2');
    expect(fal.requests[0].headers.authorization).toBe('Key fal-key');
  });

  it('removes backgrounds with SentiSight when routed there', async () => {
    const client = server.client();
    await signUp(client);
    server.app.services.vision.registry.assign(VisionFeature.BACKGROUND_REMOVAL, 'sentisight');
    try {
      const result = await analyzed(client, 'BACKGROUND_REMOVAL', astronaut);
      expect(result).toMatchObject({ provider: 'SENTISIGHT', image: { width: 512, height: 512 } });
      expect(await alphaAt(Buffer.from(result.image.png, 'base64'), 0, 0)).toBe(0);
      expect(sentisight.modelsCalled()).toEqual(['Background-removal']);
    } finally {
      server.app.services.vision.registry.assign(VisionFeature.BACKGROUND_REMOVAL, 'fal');
    }
  });

  it('generates images with fal.ai FLUX schnell through the queue', async () => {
    const client = server.client();
    await signUp(client);
    const { generateImage } = await client.ok(GENERATE, { prompt: 'a lighthouse at dusk', options: { width: 512, height: 384, seed: 3 } });
    expect(generateImage).toMatchObject({ provider: 'FAL', feature: 'IMAGE_GENERATION', creditsCharged: 5, balance: 45, image: { width: 512, height: 384 } });
    const meta = await sharp(Buffer.from(generateImage.image.png, 'base64')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 384]);
    const statusPolls = fal.requests.filter((r) => r.path.endsWith('/status'));
    expect(statusPolls.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a prompt that is blank and a feature that takes an image', async () => {
    const client = server.client();
    const user = await signUp(client);
    expect(errorOf(await client.request(GENERATE, { prompt: '   ' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'prompt' });
    expect(errorOf(await client.request(GENERATE, { prompt: 'a cat', options: { width: 100 } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'options.width',
    });
    expect(errorOf(await analyzeUpload(client, 'IMAGE_GENERATION', astronaut)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'feature' });
    expect(await consumptionsOf(server.dataSource, user.id)).toEqual([]);
  });

  promise('001-1.3-url-logged-for-url-submissions', 'analyzes an image URL and keeps the URL in the consumption log', async () => {
    const client = server.client();
    const user = await signUp(client);
    const url = `${images.url}/astronaut.png`;
    const { analyzeImageUrl } = await client.ok(ANALYZE_URL, { feature: 'PLACES_CLASSIFICATION', url });
    expect(analyzeImageUrl.labels[0].label).toBe('office');
    // The fetched image went through the same checks and preparation as an upload.
    const sent = await sharp(sentisight.requests[0].body).metadata();
    expect([sent.format, sent.width, sent.height]).toEqual(['png', 512, 512]);
    const [row] = await consumptionsOf(server.dataSource, user.id);
    expect(row.image_url).toBe(url);
  });

  promise(['001-3-sentisight-image-only', '000-4-minimum-data-to-models'], 'sends the providers the image and nothing that identifies the caller', async () => {
    const client = server.client();
    const user = await signUp(client, { firstName: 'Dorothy', lastName: 'Vaughan', email: `dorothy-${Date.now()}@example.com` });
    const [{ stripe_customer_id: customer }] = await server.dataSource.query('SELECT stripe_customer_id FROM users WHERE id = $1', [user.id]);
    await analyzed(client, 'PLACES_CLASSIFICATION', astronaut);
    await analyzed(client, 'BACKGROUND_REMOVAL', fixtureImage('coffee.png'));
    const sent = [...sentisight.requests, ...fal.requests];
    expect(sentisight.requests).toHaveLength(1);
    expect(fal.requests.length).toBeGreaterThan(0);
    // SentiSight gets the image as the whole body: it decodes as the picture that was sent.
    const body = await sharp(sentisight.requests[0].body).metadata();
    expect([body.width, body.height]).toEqual([(await sharp(astronaut).metadata()).width, (await sharp(astronaut).metadata()).height]);
    const identifying = [user.id, user.email, 'Dorothy', 'Vaughan', ...(customer ? [customer] : [])];
    for (const request of sent) {
      const everything = `${request.path}\n${JSON.stringify(request.headers)}\n${request.body.toString('latin1')}`;
      for (const value of identifying) expect(everything).not.toContain(value);
      expect(Object.keys(request.headers)).not.toContain('cookie');
    }
  });

  it('refuses a URL that redirects to the cloud metadata address, charging nothing', async () => {
    const client = server.client();
    const user = await signUp(client);
    const response = await client.request(ANALYZE_URL, { feature: 'PLACES_CLASSIFICATION', url: `${images.url}/to-metadata` });
    expect(errorOf(response).extensions.code).toBe('URL_NOT_ALLOWED');
    expect(await consumptionsOf(server.dataSource, user.id)).toEqual([]);
    expect(sentisight.requests).toHaveLength(0);
  });

  describe('provider failures are refunded', () => {
    /** Runs `check` with the vision time limit at `ms`, restored after. */
    async function withVisionTimeout(ms: number, check: () => Promise<void>): Promise<void> {
      const config = server.app.services.config.vision;
      const before = config.timeoutMs;
      config.timeoutMs = ms;
      try {
        await check();
      } finally {
        config.timeoutMs = before;
      }
    }

    it.each([
      ['a persistent 5xx (retried once)', 'http500', 2],
      ['a dropped connection (retried once)', 'drop', 2],
      ['a 401', 'http401', 1],
      ['a malformed body', 'malformed', 1],
      ['an answer of the wrong shape', 'wrong-shape', 1],
    ] as const)('%s → PROVIDER_ERROR, balance restored, log REFUNDED', async (_name, mode, attempts) => {
      const client = server.client();
      const user = await signUp(client);
      sentisight.mode = mode;
      const error = errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', astronaut));
      expect(error.extensions).toMatchObject({ code: 'PROVIDER_ERROR', refunded: true, balance: 50 });
      expect(error.message).not.toContain(SENTISIGHT_SECRET_ERROR);
      expect(JSON.stringify(error)).not.toMatch(/stack|db-host/);
      expect(sentisight.requests).toHaveLength(attempts);
      expect(await balanceOf(server.dataSource, user.id)).toBe(50);
      const [row] = await consumptionsOf(server.dataSource, user.id);
      expect(row).toMatchObject({ id: error.extensions.consumptionId, status: 'REFUNDED', error_code: 'PROVIDER_ERROR' });
      expect(await ledgerOf(server.dataSource, user.id)).toEqual([
        { delta: -1, reason: 'CONSUMPTION', reference: row.id },
        { delta: 1, reason: 'REFUND', reference: row.id },
      ]);
    });

    it('succeeds on the retry after one 5xx and charges once', async () => {
      const client = server.client();
      const user = await signUp(client);
      sentisight.mode = 'http500-once';
      const result = await analyzed(client, 'PLACES_CLASSIFICATION', astronaut);
      expect(result.balance).toBe(49);
      expect(sentisight.requests).toHaveLength(2);
      expect((await consumptionsOf(server.dataSource, user.id)).map((r) => r.status)).toEqual(['SUCCEEDED']);
    });

    it('a provider that does not answer in time → PROVIDER_ERROR (timeout), refunded', async () => {
      const client = server.client();
      const user = await signUp(client);
      sentisight.mode = 'hang';
      await withVisionTimeout(400, async () => {
        const error = errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', astronaut));
        expect(error.extensions).toMatchObject({ code: 'PROVIDER_ERROR', timeout: true, refunded: true });
        const [row] = await consumptionsOf(server.dataSource, user.id);
        expect(row).toMatchObject({ status: 'REFUNDED', error_code: 'PROVIDER_TIMEOUT' });
        expect(await balanceOf(server.dataSource, user.id)).toBe(50);
      });
    });

    it('a fal queue that never completes is cancelled at the time limit and refunded', async () => {
      const client = server.client();
      const user = await signUp(client);
      fal.mode = 'never-completes';
      await withVisionTimeout(1200, async () => {
        const error = errorOf(await client.request(GENERATE, { prompt: 'a fox' }));
        expect(error.extensions).toMatchObject({ code: 'PROVIDER_ERROR', refunded: true, balance: 50 });
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(fal.cancelled.length).toBeGreaterThanOrEqual(1);
        expect(await balanceOf(server.dataSource, user.id)).toBe(50);
      });
    });

    it('an output file on a private address is refused and refunded', async () => {
      const client = server.client();
      const user = await signUp(client);
      fal.mode = 'output-internal-url';
      const error = errorOf(await analyzeUpload(client, 'BACKGROUND_REMOVAL', astronaut));
      expect(error.extensions).toMatchObject({ code: 'PROVIDER_ERROR', refunded: true });
      expect((await consumptionsOf(server.dataSource, user.id))[0].status).toBe('REFUNDED');
    });

    it('BUSY from the local queue is returned as BUSY and refunded', async () => {
      const client = server.client();
      const user = await signUp(client);
      const { AppError, ErrorCode } = await import('../../core/errors');
      local.script = async () => {
        throw new AppError(ErrorCode.BUSY, 'The local models are busy; try again shortly');
      };
      try {
        const error = errorOf(await analyzeUpload(client, 'FACE_DETECTION', astronaut));
        expect(error.extensions).toMatchObject({ code: 'BUSY', refunded: true, balance: 50 });
        expect((await consumptionsOf(server.dataSource, user.id))[0]).toMatchObject({ status: 'REFUNDED', error_code: 'BUSY' });
      } finally {
        local.script = async () => ({ faces: [] });
      }
    });

    it('a provider that ignores its abort signal still times out, and a crash is masked', async () => {
      const client = server.client();
      const user = await signUp(client);
      local.script = () => new Promise(() => undefined);
      try {
        await withVisionTimeout(300, async () => {
          expect(errorOf(await analyzeUpload(client, 'FACE_DETECTION', astronaut)).extensions).toMatchObject({ code: 'PROVIDER_ERROR', timeout: true });
        });
        local.script = async () => {
          throw new TypeError("Cannot read properties of undefined (reading 'secret internals')");
        };
        const crash = errorOf(await analyzeUpload(client, 'FACE_DETECTION', astronaut));
        expect(crash.extensions.code).toBe('PROVIDER_ERROR');
        expect(crash.message).toBe('The local provider failed; your credits were refunded');
        expect(await balanceOf(server.dataSource, user.id)).toBe(50);
      } finally {
        local.script = async () => ({ faces: [] });
      }
    });
  });

  it('maps a local provider’s face boxes and landmarks back to the submitted image', async () => {
    const client = server.client();
    await signUp(client);
    local.script = async ({ image }) => ({
      faces: [{ score: 0.9, box: { x: image.width / 4, y: image.height / 4, width: 100, height: 50 }, landmarks: [{ name: 'noseTip', x: 200, y: 100, score: 0.8 }] }],
    });
    try {
      const result = await analyzed(client, 'FACE_DETECTION', await solidImage(3200, 1600, 'png'));
      expect(local.calls[0].image).toMatchObject({ width: 1600, height: 800, scale: 2 });
      expect(result.faces).toEqual([
        { score: 0.9, box: { x: 800, y: 400, width: 200, height: 100 }, landmarks: [{ name: 'noseTip', x: 400, y: 200, score: 0.8 }] },
      ]);
    } finally {
      local.script = async () => ({ faces: [] });
    }
  });

  describe('idempotency keys', () => {
    it('a retried call is answered from the first one, charged once, provider called once', async () => {
      const client = server.client();
      const user = await signUp(client);
      const first = await analyzed(client, 'OBJECT_DETECTION', astronaut, { key: 'retry-1' });
      const second = await analyzed(client, 'OBJECT_DETECTION', astronaut, { key: 'retry-1' });
      expect(second).toMatchObject({ replayed: true, consumptionId: first.consumptionId, creditsCharged: 2, balance: 48, objects: first.objects });
      expect(first.replayed).toBe(false);
      expect(sentisight.requests).toHaveLength(1);
      expect(await consumptionsOf(server.dataSource, user.id)).toHaveLength(1);
    });

    promise('001-4-outputs-not-stored', 'replays drop image bytes (not stored by default) but keep the rest', async () => {
      const client = server.client();
      await signUp(client);
      const first = await analyzed(client, 'INSTANCE_SEGMENTATION', astronaut, { key: 'mask-1' });
      const replay = await analyzed(client, 'INSTANCE_SEGMENTATION', astronaut, { key: 'mask-1' });
      expect(first.instances[0].mask).toMatch(/^iVBOR/);
      expect(replay.replayed).toBe(true);
      expect(replay.instances[0]).toEqual({ ...first.instances[0], mask: null });
      const cut = await analyzed(client, 'BACKGROUND_REMOVAL', astronaut, { key: 'cut-1' });
      const cutReplay = await analyzed(client, 'BACKGROUND_REMOVAL', astronaut, { key: 'cut-1' });
      expect(cut.image.png).toBeTruthy();
      expect(cutReplay.image).toEqual({ png: null, width: 512, height: 512 });
    });

    it('the same key with another image or feature is a CONFLICT', async () => {
      const client = server.client();
      await signUp(client);
      await analyzed(client, 'PLACES_CLASSIFICATION', astronaut, { key: 'k-conflict' });
      expect(errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', fixtureImage('coffee.png'), { key: 'k-conflict' })).extensions.code).toBe('CONFLICT');
      expect(errorOf(await analyzeUpload(client, 'NSFW_CLASSIFICATION', astronaut, { key: 'k-conflict' })).extensions.code).toBe('CONFLICT');
    });

    it('a refunded call can be retried with its key, and runs again', async () => {
      const client = server.client();
      const user = await signUp(client);
      sentisight.mode = 'http500';
      expect(errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', astronaut, { key: 'after-failure' })).extensions.code).toBe('PROVIDER_ERROR');
      sentisight.mode = 'ok';
      const retried = await analyzed(client, 'PLACES_CLASSIFICATION', astronaut, { key: 'after-failure' });
      expect(retried).toMatchObject({ replayed: false, balance: 49 });
      expect((await consumptionsOf(server.dataSource, user.id)).map((r) => r.status)).toEqual(['REFUNDED', 'SUCCEEDED']);
    });
  });

  promise('001-1.3-usage-log-per-call', 'logs calls made with an API token as source API with the token id', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { createApiToken } = await client.ok(`mutation { createApiToken(input: { name: "ci" }) { secret token { id } } }`);
    const api = server.client();
    api.bearer = createApiToken.secret;
    const result = await analyzed(api, 'PLACES_CLASSIFICATION', astronaut);
    expect(result.viewer).toEqual({ id: user.id, credits: 49 });
    const [row] = await consumptionsOf(server.dataSource, user.id);
    expect(row).toMatchObject({ source: 'API', api_token_id: createApiToken.token.id });
  });
});
