import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { FIXTURE_IMAGES } from '../testing/fixtures';
import type { PreparedImage } from '../vision.types';

/**
 * TEST-ONLY stand-in for the pipeline's image intake: oriented, at most 1024 px a side, PNG
 * plus raw RGB. Production images come from the vision pipeline (intake/), never from here.
 */
export async function prepareForTest(file: string, maxSide = 1024): Promise<PreparedImage> {
  const meta = await sharp(file).metadata();
  // EXIF orientations 5–8 turn the picture a quarter: its upright width is the stored height.
  const originalWidth = (meta.orientation ?? 1) >= 5 ? meta.height! : meta.width!;
  const resized = sharp(file).rotate().resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
  const { data: rgb, info } = await resized.clone().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const data = await sharp(rgb, { raw: { width: info.width, height: info.height, channels: 3 } }).png().toBuffer();
  return { data, mime: 'image/png', width: info.width, height: info.height, rgb, scale: originalWidth / info.width };
}

export { FIXTURE_IMAGES };

/**
 * Images made for these tests (see models/README.md). tsc copies only code to dist, so from a
 * build (the benchmark) they are read from the source tree.
 */
export const LOCAL_FIXTURES = [
  path.join(__dirname, 'fixtures'),
  path.resolve(__dirname, '../../../../src/modules/vision/local/fixtures'),
].find((dir) => existsSync(path.join(dir, 'printed-text.png')))!;

export function fixture(name: string): string {
  const file = path.join(FIXTURE_IMAGES, name);
  if (!existsSync(file)) throw new Error(`test image missing: ${file} (server/test/fixtures/images)`);
  return file;
}
