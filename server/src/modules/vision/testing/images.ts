import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Test images made on the fly. */

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A valid PNG of width × height black pixels (1-bit greyscale): ~50 KB on disk for 20000×20000,
 * 400 megapixels once decoded — a decompression bomb.
 */
export function pngBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rowBytes = 1 + Math.ceil(width / 8); // filter byte + pixels
  const pixels = deflateSync(Buffer.alloc(rowBytes * height), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A solid-colour image of the given size and format. */
export function solidImage(width: number, height: number, format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff' = 'png'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .toFormat(format)
    .toBuffer();
}

/** A JPEG stored sideways with an EXIF orientation tag (6 = rotate 90° clockwise to view). */
export function jpegWithOrientation(width: number, height: number, orientation: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 200, b: 10 } } })
    .jpeg()
    .withMetadata({ orientation })
    .toBuffer();
}

/** A real PNG padded with trailing bytes to `totalBytes` (passes the type check, fails the size limit). */
export function paddedPng(png: Buffer, totalBytes: number): Buffer {
  return Buffer.concat([png, Buffer.alloc(Math.max(0, totalBytes - png.length), 0)]);
}
