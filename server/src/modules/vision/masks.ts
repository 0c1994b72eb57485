import sharp from 'sharp';
import type { Point } from './vision.types';

/**
 * Masks travel as 8-bit single-channel PNGs: white (255) where the instance is, black elsewhere.
 * Helpers to make them from polygons and to bring them to another size.
 */

/** Fills the polygons white on black at width × height. */
export async function maskFromPolygons(polygons: Point[][], width: number, height: number): Promise<Buffer> {
  const shapes = polygons
    .filter((polygon) => polygon.length >= 3)
    .map((polygon) => `<polygon points="${polygon.map((p) => `${p.x},${p.y}`).join(' ')}" fill="#fff"/>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#000"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).extractChannel('red').toColourspace('b-w').png().toBuffer();
}

/**
 * Any mask image as a single-channel PNG of exactly width × height. A mask with transparency
 * carries the coverage in its alpha channel; an opaque one in its brightness.
 */
export async function resizeMask(mask: Buffer, width: number, height: number): Promise<Buffer> {
  const image = sharp(mask, { limitInputPixels: 100_000_000 });
  const { channels = 1, hasAlpha } = await image.metadata();
  const single = hasAlpha ? image.extractChannel((channels - 1) as 1 | 3) : image.greyscale();
  return single.resize(width, height, { fit: 'fill' }).toColourspace('b-w').png().toBuffer();
}
