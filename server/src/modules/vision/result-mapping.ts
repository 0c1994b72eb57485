import sharp from 'sharp';
import type { OriginalImage } from './intake/image-intake';
import { resizeMask } from './masks';
import type { AnalysisOptions, Box, ImageOutput, Keypoint, Point, Pose, PreparedImage, VisionResult } from './vision.types';

/**
 * Providers see the downscaled copy; callers get coordinates in the pixels of the image they
 * sent. Boxes are clamped to the image, masks resized to its size, and a cut-out is rebuilt at
 * full resolution from the original pixels and the provider's alpha.
 */

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function toOriginalFrame(result: VisionResult, prepared: PreparedImage, original: OriginalImage): Promise<VisionResult> {
  const { scale } = prepared;
  const { width: W, height: H } = original;
  const clampX = (x: number) => Math.min(W, Math.max(0, x));
  const clampY = (y: number) => Math.min(H, Math.max(0, y));
  const mapPoint = (p: Point): Point => ({ x: round(clampX(p.x * scale)), y: round(clampY(p.y * scale)) });
  const mapKeypoint = (k: Keypoint): Keypoint => ({ ...mapPoint(k), name: k.name, score: round(k.score, 4) });
  const mapBox = (b: Box): Box => {
    const x = clampX(b.x * scale);
    const y = clampY(b.y * scale);
    return { x: round(x), y: round(y), width: round(clampX((b.x + b.width) * scale) - x), height: round(clampY((b.y + b.height) * scale) - y) };
  };

  const mapped: VisionResult = {};
  if (result.labels) mapped.labels = result.labels.map((l) => ({ label: l.label, score: round(l.score, 4) }));
  if (result.objects) mapped.objects = result.objects.map((o) => ({ label: o.label, score: round(o.score, 4), box: mapBox(o.box) }));
  if (result.texts) mapped.texts = result.texts.map((t) => ({ text: t.text, score: round(t.score, 4), polygon: t.polygon.map(mapPoint) }));
  if (result.poses) mapped.poses = result.poses.map((p) => ({ score: round(p.score, 4), keypoints: p.keypoints.map(mapKeypoint) }));
  if (result.faces) {
    mapped.faces = result.faces.map((f) => ({ score: round(f.score, 4), box: mapBox(f.box), landmarks: f.landmarks.map(mapKeypoint) }));
  }
  if (result.instances) {
    mapped.instances = await Promise.all(
      result.instances.map(async (i) => ({
        label: i.label,
        score: round(i.score, 4),
        box: mapBox(i.box),
        maskPng: (await resizeMask(Buffer.from(i.maskPng, 'base64'), W, H)).toString('base64'),
      })),
    );
  }
  if (result.image) mapped.image = await cutOutAtOriginalSize(result.image, original);
  return mapped;
}

/** The original pixels (oriented) with the provider's alpha channel scaled up to them. */
async function cutOutAtOriginalSize(output: ImageOutput, original: OriginalImage): Promise<ImageOutput> {
  const providerImage = sharp(Buffer.from(output.pngBase64, 'base64'), { limitInputPixels: 100_000_000 });
  const { channels } = await providerImage.metadata();
  if (channels !== 4 && channels !== 2) {
    // No alpha to transfer: return what the provider made, at the original size.
    const resized = await providerImage.resize(original.width, original.height, { fit: 'fill' }).png().toBuffer();
    return { pngBase64: resized.toString('base64'), width: original.width, height: original.height };
  }
  // Each step is materialised: sharp orders operations itself, and removeAlpha must not eat the joined channel.
  const alpha = await providerImage
    .extractChannel(channels === 4 ? 3 : 1)
    .resize(original.width, original.height, { fit: 'fill' })
    .png()
    .toBuffer();
  const rgb = await sharp(original.bytes, { limitInputPixels: false })
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const png = await sharp(rgb.data, { raw: { width: rgb.info.width, height: rgb.info.height, channels: rgb.info.channels } })
    .joinChannel(alpha)
    .png()
    .toBuffer();
  return { pngBase64: png.toString('base64'), width: original.width, height: original.height };
}

/** The 17 COCO keypoints, in the order every pose answers them (the local worker keeps its own copy). */
export const COCO_KEYPOINTS = [
  'nose', 'leftEye', 'rightEye', 'leftEar', 'rightEar', 'leftShoulder', 'rightShoulder', 'leftElbow', 'rightElbow',
  'leftWrist', 'rightWrist', 'leftHip', 'rightHip', 'leftKnee', 'rightKnee', 'leftAnkle', 'rightAnkle',
];

/** Poses under this score are dropped when the caller gives no minScore: a "pose" on an image without a person. */
export const DEFAULT_MIN_POSE_SCORE = 0.25;

/** "left_shoulder", "Left Shoulder" and "leftShoulder" name the same keypoint. */
const keypointKey = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');
const COCO_BY_KEY = new Map(COCO_KEYPOINTS.map((name) => [keypointKey(name), name]));

/**
 * Every provider's poses as the API promises them: exactly the 17 COCO keypoints in COCO order, a
 * missing one at score 0 (x, y 0), unknown names dropped; poses scoring under minScore are left out.
 */
export function normalizePoses(poses: Pose[], minScore: number): Pose[] {
  return poses
    .filter((pose) => pose.score >= minScore)
    .map((pose) => {
      const found = new Map<string, Keypoint>();
      for (const keypoint of pose.keypoints) {
        const name = COCO_BY_KEY.get(keypointKey(keypoint.name));
        if (name && !found.has(name)) found.set(name, { ...keypoint, name });
      }
      return { score: pose.score, keypoints: COCO_KEYPOINTS.map((name) => found.get(name) ?? { name, x: 0, y: 0, score: 0 }) };
    });
}

/** minScore and maxResults, the same for every provider; the best results are kept, in their order. */
export function applyOptions(result: VisionResult, options: AnalysisOptions): VisionResult {
  const keep = <T extends { score: number }>(items: T[] | undefined): T[] | undefined => {
    if (!items) return items;
    let kept = options.minScore === undefined ? items : items.filter((item) => item.score >= options.minScore!);
    if (options.maxResults !== undefined && kept.length > options.maxResults) {
      const threshold = [...kept].sort((a, b) => b.score - a.score).slice(0, options.maxResults);
      kept = kept.filter((item) => threshold.includes(item));
    }
    return kept;
  };
  const labels = result.labels && [...result.labels].sort((a, b) => b.score - a.score);
  return {
    ...result,
    labels: keep(labels),
    objects: keep(result.objects),
    instances: keep(result.instances),
    texts: keep(result.texts),
    poses: keep(result.poses && normalizePoses(result.poses, options.minScore ?? DEFAULT_MIN_POSE_SCORE)),
    faces: keep(result.faces),
  };
}
