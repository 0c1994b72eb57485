import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import { AppError, ErrorCode, badInput } from '../../../core/errors';
import type { ImageNeeds, PreparedImage } from '../vision.types';
import { ImageType, SNIFF_BYTES, sniffImageType } from './image-type';
import { payloadTooLarge } from './safe-fetch';

/** Longest side of the copy given to models; results are mapped back to the original size. */
export const MODEL_MAX_SIDE = 1600;

// Every image is decoded once per call: libvips' operation cache (up to 50 MB by default) would
// only keep decoded pixels of past uploads resident.
sharp.cache(false);

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
}

/** The image as the caller sent it (oriented), kept in memory only for the call. */
export interface OriginalImage {
  bytes: Buffer;
  type: ImageType;
  /** Size after EXIF orientation: the frame every result is expressed in. */
  width: number;
  height: number;
  sha256: string;
}

export interface AcceptedImage {
  original: OriginalImage;
  prepared: PreparedImage;
}

export const unsupportedType = (field: string) =>
  badInput(field, 'This file is not a supported image: send JPEG, PNG, WebP, GIF or TIFF');

/** The buffer an upload is read into first: most photos fit; a larger one moves once into a `maxBytes` buffer. */
const FIRST_UPLOAD_BUFFER = 1024 * 1024;

/**
 * Reads an upload stream into memory, stopping at `maxBytes` (the multipart parser's own limit
 * fails the stream too, with a PAYLOAD_TOO_LARGE error). The first bytes are checked before the rest is read, so a
 * non-image is refused at once. On refusal the rest of the stream is drained, not buffered.
 *
 * Chunks are copied into one buffer, never concatenated at the end: 1 MiB first, then (once, for
 * a larger upload) `maxBytes`, of which only the pages written become resident. Reserving
 * `maxBytes` for every upload would hold no more pages, but V8 counts each reservation as
 * external memory and collected garbage after every few uploads.
 */
export function readImageStream(stream: Readable, maxBytes: number, field: string): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    let buffer: Buffer | null = null;
    let size = 0;
    let sniffed = false;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      buffer = null;
      stream.removeListener('data', onData);
      stream.on('error', () => undefined);
      stream.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > maxBytes) return fail(payloadTooLarge(maxBytes));
      if (!buffer || size + chunk.length > buffer.length) {
        const grown = Buffer.allocUnsafe(buffer ? maxBytes : Math.min(maxBytes, Math.max(FIRST_UPLOAD_BUFFER, chunk.length)));
        buffer?.copy(grown, 0, 0, size);
        buffer = grown;
      }
      chunk.copy(buffer, size);
      size += chunk.length;
      if (!sniffed && size >= SNIFF_BYTES) {
        sniffed = true;
        if (!sniffImageType(buffer.subarray(0, size))) fail(unsupportedType(field));
      }
    };
    stream.on('data', onData);
    stream.once('error', (error: Error & { code?: unknown }) =>
      fail(
        error.code === ErrorCode.PAYLOAD_TOO_LARGE
          ? new AppError(ErrorCode.PAYLOAD_TOO_LARGE, error.message, { maxBytes })
          : badInput(field, `The upload failed: ${error.message}`),
      ),
    );
    stream.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(buffer ? buffer.subarray(0, size) : Buffer.alloc(0));
    });
  });
}

function undecodable(field: string) {
  return badInput(field, 'The image could not be decoded: it is damaged or incomplete');
}

/**
 * Checks and decodes an image: type from magic bytes, size in pixels from the header before
 * any decoding (a 20000×20000 PNG of a few KB is refused without allocating 1.2 GB), EXIF
 * orientation applied, transparency flattened on white, then one downscaled copy for the models
 * in the forms the provider reads (`needs`): raw RGB pixels (local engines), encoded (remote
 * providers, OCR), or neither (the image is only checked, as an API process without models does
 * before queuing it). The whole image is decoded either way: a damaged one is refused here.
 */
export async function acceptImage(
  bytes: Buffer,
  limits: ImageLimits,
  field: string,
  { rawPixels = true, encoded = true }: Partial<ImageNeeds> = {},
): Promise<AcceptedImage> {
  if (bytes.length === 0) throw badInput(field, 'The image is empty');
  if (bytes.length > limits.maxBytes) throw payloadTooLarge(limits.maxBytes);
  const type = sniffImageType(bytes);
  if (!type) throw unsupportedType(field);

  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw undecodable(field);
  }
  if (!metadata.width || !metadata.height) throw undecodable(field);
  if (metadata.width * metadata.height > limits.maxPixels) {
    throw new AppError(
      ErrorCode.PAYLOAD_TOO_LARGE,
      `The image is ${metadata.width}×${metadata.height} pixels; at most ${+(limits.maxPixels / 1e6).toFixed(1)} megapixels are accepted`,
      { maxPixels: limits.maxPixels },
    );
  }
  const swapsSides = (metadata.orientation ?? 1) >= 5;
  const width = swapsSides ? metadata.height : metadata.width;
  const height = swapsSides ? metadata.width : metadata.height;

  const mime = type === 'jpeg' ? 'image/jpeg' : 'image/png';
  const encode = (image: sharp.Sharp) => (mime === 'image/jpeg' ? image.jpeg({ quality: 92 }) : image.png());

  let rgb: Buffer | null = null;
  let data: Buffer | null = null;
  let info: sharp.OutputInfo;
  try {
    const modelCopy = sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'truncated' })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: MODEL_MAX_SIDE, height: MODEL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .removeAlpha();
    if (rawPixels || !encoded) {
      ({ data: rgb, info } = await modelCopy.raw().toBuffer({ resolveWithObject: true }));
      // Encoding the copy costs more than decoding it: only for providers that send or read it encoded.
      if (encoded) data = await encode(sharp(rgb, { raw: { width: info.width, height: info.height, channels: 3 } })).toBuffer();
      if (!rawPixels) rgb = null;
    } else {
      // One pass straight to the encoded copy: the raw pixels are never held.
      ({ data, info } = await encode(modelCopy).toBuffer({ resolveWithObject: true }));
    }
  } catch {
    throw undecodable(field);
  }

  return {
    original: { bytes, type, width, height, sha256: createHash('sha256').update(bytes).digest('hex') },
    prepared: { data, mime, width: info.width, height: info.height, rgb, scale: width / info.width },
  };
}


