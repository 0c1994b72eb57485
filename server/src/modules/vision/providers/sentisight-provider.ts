import sharp from 'sharp';
import { maskFromPolygons, resizeMask } from '../masks';
import { COCO_KEYPOINTS } from '../result-mapping';
import {
  AnalysisOptions,
  Availability,
  ImageNeeds,
  Box,
  Keypoint,
  Point,
  PreparedImage,
  VisionFeature,
  VisionProvider,
  VisionResult,
} from '../vision.types';
import { ProviderFailure, REMOTE_IMAGE_NEEDS, encodedCopy, finiteNumber, isRecord, providerFetch, readJson } from './http-client';

/** SentiSight's pre-trained model behind each feature (POST {base}/pm-predict/{model}). */
export const SENTISIGHT_MODELS: Partial<Record<VisionFeature, string>> = {
  [VisionFeature.GENERAL_CLASSIFICATION]: 'General-classification',
  [VisionFeature.PLACES_CLASSIFICATION]: 'Places-classification',
  [VisionFeature.NSFW_CLASSIFICATION]: 'NSFW-classification',
  [VisionFeature.OBJECT_DETECTION]: 'Object-detection',
  [VisionFeature.INSTANCE_SEGMENTATION]: 'Instance-segmentation',
  [VisionFeature.TEXT_RECOGNITION]: 'Text-recognition',
  [VisionFeature.POSE_ESTIMATION]: 'Pose-estimation',
  [VisionFeature.BACKGROUND_REMOVAL]: 'Background-removal',
};

const LABEL = 'SentiSight';

export interface SentiSightConfig {
  apiBase: string;
  token?: string;
}

/** SentiSight.ai's pre-trained models over its REST API; the image goes as raw bytes. */
export class SentiSightProvider implements VisionProvider {
  readonly name = 'sentisight' as const;
  imageNeeds(): ImageNeeds {
    return REMOTE_IMAGE_NEEDS;
  }

  constructor(private readonly config: SentiSightConfig) {}

  availability(feature: VisionFeature): Availability {
    if (!SENTISIGHT_MODELS[feature]) return { available: false, reason: `SentiSight has no model for ${feature}` };
    if (!this.config.token) return { available: false, reason: 'SentiSight is not configured (set SENTISIGHT_TOKEN)' };
    return { available: true };
  }

  async analyze(feature: VisionFeature, image: PreparedImage, _options: AnalysisOptions, signal: AbortSignal): Promise<VisionResult> {
    const model = SENTISIGHT_MODELS[feature];
    if (!model || !this.config.token) throw new ProviderFailure(`SentiSight cannot serve ${feature}`);
    const response = await providerFetch(
      LABEL,
      `${this.config.apiBase}/pm-predict/${model}`,
      {
        method: 'POST',
        headers: { 'X-Auth-token': this.config.token, 'Content-Type': 'application/octet-stream', Accept: 'application/json' },
        body: encodedCopy(image),
      },
      signal,
    );
    return parseSentiSightAnswer(feature, await readJson(LABEL, response), image);
  }
}

/** Turns SentiSight's JSON array into our result; the shapes are checked, never trusted. */
export async function parseSentiSightAnswer(feature: VisionFeature, body: unknown, image: PreparedImage): Promise<VisionResult> {
  if (!Array.isArray(body)) throw new ProviderFailure(`${LABEL} answer is not a JSON array`);
  const items = body.map((item, index) => {
    if (!isRecord(item)) throw new ProviderFailure(`${LABEL} answer item ${index} is not an object`);
    return item;
  });
  switch (feature) {
    case VisionFeature.GENERAL_CLASSIFICATION:
    case VisionFeature.PLACES_CLASSIFICATION:
    case VisionFeature.NSFW_CLASSIFICATION:
      return { labels: items.map((item) => ({ label: label(item), score: score(item.score) })) };
    case VisionFeature.OBJECT_DETECTION:
      return { objects: items.map((item) => ({ label: label(item), score: score(item.score), box: box(item) })) };
    case VisionFeature.TEXT_RECOGNITION:
      return { texts: items.map((item) => ({ text: label(item), score: score(item.score), polygon: points(item.points) })) };
    case VisionFeature.INSTANCE_SEGMENTATION:
      return { instances: await Promise.all(items.map((item) => instance(item, image))) };
    case VisionFeature.POSE_ESTIMATION:
      return { poses: items.map(pose) };
    case VisionFeature.BACKGROUND_REMOVAL:
      return { image: await cutOut(items) };
    default:
      throw new ProviderFailure(`${LABEL} cannot serve ${feature}`);
  }
}

function label(item: Record<string, unknown>): string {
  const value = item.label ?? item.name;
  if (typeof value !== 'string') throw new ProviderFailure(`${LABEL}: label is not a string`);
  return value;
}

/** SentiSight scores are percentages. */
function score(value: unknown): number {
  const percent = finiteNumber(LABEL, value, 'score');
  return Math.min(1, Math.max(0, percent / 100));
}

/** x0, y0, x1, y1 corners → x, y, width, height. */
function box(item: Record<string, unknown>): Box {
  const [x0, y0, x1, y1] = (['x0', 'y0', 'x1', 'y1'] as const).map((key) => finiteNumber(LABEL, item[key], key));
  return { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
}

function point(value: unknown): Point {
  if (Array.isArray(value)) return { x: finiteNumber(LABEL, value[0], 'x'), y: finiteNumber(LABEL, value[1], 'y') };
  if (isRecord(value)) return { x: finiteNumber(LABEL, value.x, 'x'), y: finiteNumber(LABEL, value.y, 'y') };
  throw new ProviderFailure(`${LABEL}: point is neither {x, y} nor [x, y]`);
}

function points(value: unknown): Point[] {
  if (!Array.isArray(value)) throw new ProviderFailure(`${LABEL}: points is not an array`);
  return value.map(point);
}

/** One polygon ([{x,y}…]) or several ([[{x,y}…], …]). */
function polygons(value: unknown): Point[][] {
  if (!Array.isArray(value)) throw new ProviderFailure(`${LABEL}: points is not an array`);
  const nested = value.length > 0 && Array.isArray(value[0]) && (Array.isArray(value[0][0]) || isRecord(value[0][0]));
  return nested ? value.map(points) : [points(value)];
}

async function instance(item: Record<string, unknown>, image: PreparedImage) {
  const bounds = box(item);
  let mask: Buffer;
  if (typeof item.mask === 'string') {
    mask = await resizeMask(decodeImage(item.mask), image.width, image.height).catch(() => {
      throw new ProviderFailure(`${LABEL}: mask is not an image`);
    });
  } else if (item.points !== undefined) {
    mask = await maskFromPolygons(polygons(item.points), image.width, image.height);
  } else {
    // No outline given: the box is the best mask we can honestly make.
    const { x, y, width, height } = bounds;
    mask = await maskFromPolygons([[{ x, y }, { x: x + width, y }, { x: x + width, y: y + height }, { x, y: y + height }]], image.width, image.height);
  }
  return { label: label(item), score: score(item.score), box: bounds, maskPng: mask.toString('base64') };
}

function keypoint(value: unknown, fallbackName: string): Keypoint {
  if (Array.isArray(value)) {
    return {
      name: fallbackName,
      x: finiteNumber(LABEL, value[0], 'x'),
      y: finiteNumber(LABEL, value[1], 'y'),
      score: value[2] === undefined ? 1 : score(value[2]),
    };
  }
  if (!isRecord(value)) throw new ProviderFailure(`${LABEL}: keypoint is not an object`);
  const name = value.label ?? value.name ?? value.part ?? fallbackName;
  return {
    name: String(name),
    x: finiteNumber(LABEL, value.x, 'x'),
    y: finiteNumber(LABEL, value.y, 'y'),
    score: value.score === undefined ? 1 : score(value.score),
  };
}

/** A pose's keypoints as a list ([{label, x, y, score}] or [[x, y, score]]) or a map {name: {x, y, score}}. */
function pose(item: Record<string, unknown>) {
  const raw = item.keypoints ?? item.points;
  let keypoints: Keypoint[];
  // Bare [x, y, score] triples are in COCO order; the pipeline then orders and completes every pose (normalizePoses).
  if (Array.isArray(raw)) keypoints = raw.map((value, index) => keypoint(value, COCO_KEYPOINTS[index] ?? `keypoint${index}`));
  else if (isRecord(raw)) keypoints = Object.entries(raw).map(([name, value]) => keypoint(value, name));
  else throw new ProviderFailure(`${LABEL}: pose has no keypoints`);
  const poseScore =
    item.score !== undefined ? score(item.score) : keypoints.reduce((sum, k) => sum + k.score, 0) / Math.max(1, keypoints.length);
  return { score: poseScore, keypoints };
}

function decodeImage(base64: string): Buffer {
  const payload = base64.replace(/^data:[^,]*,/, '');
  return Buffer.from(payload, 'base64');
}

async function cutOut(items: Record<string, unknown>[]) {
  const encoded = items[0]?.image;
  if (typeof encoded !== 'string') throw new ProviderFailure(`${LABEL}: background removal answer has no image`);
  try {
    const { data, info } = await sharp(decodeImage(encoded), { limitInputPixels: 100_000_000 }).ensureAlpha().png().toBuffer({ resolveWithObject: true });
    return { pngBase64: data.toString('base64'), width: info.width, height: info.height };
  } catch {
    throw new ProviderFailure(`${LABEL}: background removal image cannot be decoded`);
  }
}
