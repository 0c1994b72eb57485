import type { ServerResponse } from 'node:http';
import sharp from 'sharp';
import { useStarted } from '../../../test/lifecycle';
import { sniffImageType } from '../intake/image-type';
import { COCO_KEYPOINTS } from '../result-mapping';
import { ellipseCutOut } from './fake-images';
import { FakeServer, RecordedRequest, sendJson, startFakeServer } from './http-fixture-server';

/**
 * A stand-in for SentiSight's pre-trained models API on 127.0.0.1: `POST /pm-predict/{Model}`
 * with `X-Auth-token` and the raw image, answering JSON arrays with scores 0–100 and boxes as
 * x0, y0, x1, y1 in pixels of the image it received. `mode` scripts failures and odd answers.
 */
export type SentiSightMode =
  | 'ok'
  | 'http500' // every request fails with 500
  | 'http500-once' // the first request fails, the retry succeeds
  | 'http401'
  | 'drop' // the connection is cut without an answer
  | 'hang' // never answers
  | 'malformed' // 200 with a body that is not JSON
  | 'wrong-shape' // 200 with JSON that is not the documented array
  | 'sparse-poses'; // poses with a few keypoints, out of COCO order, one unknown; plus a low-score pose

export interface FakeSentiSight extends FakeServer {
  /** The token it accepts. */
  readonly token: string;
  mode: SentiSightMode;
  /** Requests per model, in order. */
  modelsCalled(): string[];
}

/** The provider's own error text, which must never reach our API's callers. */
export const SENTISIGHT_SECRET_ERROR = 'internal stack trace: db-host=10.2.3.4 token=abc';

async function answer(model: string, request: RecordedRequest, response: ServerResponse): Promise<void> {
  if (!sniffImageType(request.body)) return sendJson(response, 400, { error: 'Image could not be read' });
  const { width = 1, height = 1 } = await sharp(request.body).metadata();
  const box = (x0: number, y0: number, x1: number, y1: number) => ({ x0: x0 * width, y0: y0 * height, x1: x1 * width, y1: y1 * height });
  switch (model) {
    case 'General-classification':
      return sendJson(response, 200, [
        { label: 'cat', score: 91.2 },
        { label: 'animal', score: 80.5 },
        { label: 'indoor', score: 12.25 },
      ]);
    case 'Places-classification':
      return sendJson(response, 200, [
        { label: 'office', score: 72.5 },
        { label: 'bedroom', score: 20.1 },
        { label: 'kitchen', score: 4 },
      ]);
    case 'NSFW-classification':
      return sendJson(response, 200, [
        { label: 'safe', score: 99.1 },
        { label: 'unsafe', score: 0.9 },
      ]);
    case 'Object-detection':
      return sendJson(response, 200, [
        { label: 'person', score: 88, ...box(0.25, 0.1, 0.75, 0.9) },
        { label: 'cup', score: 41.5, ...box(0, 0.5, 0.1, 0.6) },
      ]);
    case 'Instance-segmentation':
      return sendJson(response, 200, [
        {
          label: 'person',
          score: 85,
          ...box(0.25, 0.25, 0.75, 0.75),
          points: [
            { x: 0.25 * width, y: 0.25 * height },
            { x: 0.75 * width, y: 0.25 * height },
            { x: 0.75 * width, y: 0.75 * height },
            { x: 0.25 * width, y: 0.75 * height },
          ],
        },
      ]);
    case 'Text-recognition':
      return sendJson(response, 200, [
        { label: 'HELLO', score: 95, points: [{ x: 10, y: 10 }, { x: 60, y: 10 }, { x: 60, y: 30 }, { x: 10, y: 30 }] },
        { label: 'WORLD', score: 90, points: [{ x: 70, y: 10 }, { x: 130, y: 10 }, { x: 130, y: 30 }, { x: 70, y: 30 }] },
      ]);
    case 'Pose-estimation':
      return sendJson(response, 200, [
        {
          score: 90,
          keypoints: COCO_KEYPOINTS.map((label, index) => ({ label, x: (0.3 + index * 0.02) * width, y: (0.1 + index * 0.05) * height, score: 80 })),
        },
      ]);
    case 'Background-removal': {
      const { png } = await ellipseCutOut(request.body);
      return sendJson(response, 200, [{ image: png.toString('base64') }]);
    }
    default:
      return sendJson(response, 404, { error: `no model ${model}` });
  }
}

/**
 * A test server's environment for the SentiSight provider at `fake`, with `features` (if any)
 * routed to it in VISION_PROVIDERS.
 */
export function sentiSightEnv(fake: FakeSentiSight, features: string[] = []): Record<string, string> {
  return {
    SENTISIGHT_TOKEN: fake.token,
    SENTISIGHT_API_BASE: fake.url,
    ...(features.length ? { VISION_PROVIDERS: features.map((feature) => `${feature}=sentisight`).join(',') } : {}),
  };
}

export async function startFakeSentiSight(token: string): Promise<FakeSentiSight> {
  let failedOnce = false;
  const fake = (await startFakeServer(async (request, response) => {
    const match = /^\/pm-predict\/([\w-]+)$/.exec(request.path);
    if (request.method !== 'POST' || !match) return sendJson(response, 404, { error: 'not found' });
    if (request.headers['x-auth-token'] !== token) return sendJson(response, 401, { error: `Invalid token. ${SENTISIGHT_SECRET_ERROR}` });
    if (request.headers['content-type'] !== 'application/octet-stream') return sendJson(response, 415, { error: 'octet-stream expected' });
    switch (fake.mode) {
      case 'http500':
        return sendJson(response, 500, { error: SENTISIGHT_SECRET_ERROR });
      case 'http500-once':
        if (!failedOnce) {
          failedOnce = true;
          return sendJson(response, 503, { error: SENTISIGHT_SECRET_ERROR });
        }
        break;
      case 'http401':
        return sendJson(response, 401, { error: SENTISIGHT_SECRET_ERROR });
      case 'drop':
        return void response.socket?.destroy();
      case 'hang':
        return;
      case 'malformed':
        return void response.writeHead(200, { 'content-type': 'application/json' }).end('<html>Bad gateway</html>');
      case 'wrong-shape':
        return sendJson(response, 200, { predictions: 'soon' });
      case 'sparse-poses':
        return sendJson(response, 200, [
          {
            score: 70,
            keypoints: [
              { label: 'rightAnkle', x: 30, y: 90, score: 60 },
              { label: 'left_shoulder', x: 20, y: 30, score: 90 },
              { label: 'neck', x: 25, y: 25, score: 95 },
              { label: 'nose', x: 25, y: 10, score: 80 },
            ],
          },
          { score: 10, keypoints: [{ label: 'nose', x: 70, y: 10, score: 10 }] },
        ]);
    }
    await answer(match[1], request, response);
  })) as FakeSentiSight;
  let mode: SentiSightMode = 'ok';
  Object.defineProperty(fake, 'mode', {
    get: () => mode,
    set: (next: SentiSightMode) => {
      mode = next;
      failedOnce = false;
    },
  });
  Object.defineProperty(fake, 'token', { value: token });
  fake.modelsCalled = () => fake.requests.map((r) => r.path.replace('/pm-predict/', ''));
  return fake;
}

/** A fake SentiSight (token `t`) started before the enclosing `describe`'s tests and closed after them (see useStarted). */
export function useFakeSentiSight(): FakeSentiSight {
  return useStarted(() => startFakeSentiSight('t'));
}
