import type { AnalysisResultFieldsFragment as Result } from '../../gql/graphql';
import type { ImageSize } from '../playground/ResultOverlay';

/**
 * The job does not keep its image, so shapes are drawn on a blank canvas that holds all of them:
 * its size is the furthest extent of every box, polygon and keypoint (null when nothing is drawn).
 */
export function resultExtent(result: Result): ImageSize | null {
  let width = 0;
  let height = 0;
  const point = (x: number, y: number) => {
    width = Math.max(width, x);
    height = Math.max(height, y);
  };
  const box = (b: { x: number; y: number; width: number; height: number }) => point(b.x + b.width, b.y + b.height);
  result.objects?.forEach((item) => box(item.box));
  result.instances?.forEach((item) => box(item.box));
  result.faces?.forEach((item) => {
    box(item.box);
    item.landmarks?.forEach((landmark) => point(landmark.x, landmark.y));
  });
  result.texts?.forEach((item) => item.polygon.forEach((p) => point(p.x, p.y)));
  result.poses?.forEach((pose) => pose.keypoints.forEach((k) => point(k.x, k.y)));
  if (width <= 0 || height <= 0) return null;
  // A margin so labels and strokes on the edge stay visible.
  return { width: Math.ceil(width * 1.05), height: Math.ceil(height * 1.05) };
}

/** A light grey SVG of that size, as an image source. */
export function blankCanvas({ width, height }: ImageSize): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f1f3f7"/></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
