import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import sharp from 'sharp';
import { fixtureImage } from '../testing/fixtures';
import { jpegWithOrientation, pngBomb, solidImage } from '../testing/images';
import { MODEL_MAX_SIDE, acceptImage, readImageStream } from './image-intake';
import { sniffImageType } from './image-type';

const limits = { maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000 };
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error),
  );

describe('sniffImageType', () => {
  it('recognises the accepted formats by their first bytes', async () => {
    expect(sniffImageType(fixtureImage('astronaut.png'))).toBe('png');
    expect(sniffImageType(fixtureImage('rocket.jpg'))).toBe('jpeg');
    expect(sniffImageType(await solidImage(8, 8, 'webp'))).toBe('webp');
    expect(sniffImageType(await solidImage(8, 8, 'gif'))).toBe('gif');
    expect(sniffImageType(await solidImage(8, 8, 'tiff'))).toBe('tiff');
  });

  it('refuses everything else, whatever its name says', () => {
    expect(sniffImageType(Buffer.from('hello, I am a text file named photo.png\n'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.from([0x89, 0x50, 0x4e]))).toBeNull();
  });
});

describe('acceptImage', () => {
  it('prepares a small image as it is: scale 1, RGB pixels of the copy', async () => {
    const { original, prepared } = await acceptImage(fixtureImage('astronaut.png'), limits, 'image');
    expect([original.width, original.height, original.type]).toEqual([512, 512, 'png']);
    expect([prepared.width, prepared.height, prepared.scale, prepared.mime]).toEqual([512, 512, 1, 'image/png']);
    expect(prepared.rgb!.length).toBe(512 * 512 * 3);
    expect((await sharp(prepared.data!).metadata()).width).toBe(512);
  });

  it('downscales large images for the models and records the scale back', async () => {
    const big = await solidImage(4000, 2000, 'jpeg');
    const { original, prepared } = await acceptImage(big, limits, 'image');
    expect([original.width, original.height]).toEqual([4000, 2000]);
    expect([prepared.width, prepared.height]).toEqual([MODEL_MAX_SIDE, MODEL_MAX_SIDE / 2]);
    expect(prepared.scale).toBeCloseTo(4000 / MODEL_MAX_SIDE);
    expect(prepared.mime).toBe('image/jpeg');
  });

  it('applies the EXIF orientation: a sideways 300×100 JPEG becomes 100×300', async () => {
    const { original, prepared } = await acceptImage(await jpegWithOrientation(300, 100, 6), limits, 'image');
    expect([original.width, original.height]).toEqual([100, 300]);
    expect([prepared.width, prepared.height]).toEqual([100, 300]);
  });

  it('flattens transparency on white for the models', async () => {
    const { prepared } = await acceptImage(fixtureImage('horse.png'), limits, 'image');
    expect(prepared.rgb!.length).toBe(prepared.width * prepared.height * 3);
    // The top-left corner of the horse silhouette is transparent: white after flattening.
    expect([...prepared.rgb!.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('gives remote providers the encoded copy only, with the very pixels local engines get', async () => {
    const bytes = fixtureImage('horse.png');
    const [withPixels, encodedOnly] = await Promise.all([
      acceptImage(bytes, limits, 'image'),
      acceptImage(bytes, limits, 'image', { rawPixels: false }),
    ]);
    expect(encodedOnly.prepared.rgb).toBeNull();
    expect([encodedOnly.prepared.width, encodedOnly.prepared.height, encodedOnly.prepared.mime]).toEqual([
      withPixels.prepared.width,
      withPixels.prepared.height,
      'image/png',
    ]);
    const decoded = await sharp(encodedOnly.prepared.data!).removeAlpha().raw().toBuffer();
    expect(decoded.equals(withPixels.prepared.rgb!)).toBe(true);
  });

  it('makes only the forms the provider reads: raw pixels alone for tensor engines, nothing but the check for a queue', async () => {
    const bytes = fixtureImage('coffee.png');
    const [both, pixelsOnly, checkedOnly] = await Promise.all([
      acceptImage(bytes, limits, 'image'),
      acceptImage(bytes, limits, 'image', { rawPixels: true, encoded: false }),
      acceptImage(bytes, limits, 'image', { rawPixels: false, encoded: false }),
    ]);
    expect(pixelsOnly.prepared.data).toBeNull();
    expect(pixelsOnly.prepared.rgb!.equals(both.prepared.rgb!)).toBe(true);
    expect([checkedOnly.prepared.data, checkedOnly.prepared.rgb]).toEqual([null, null]);
    expect([checkedOnly.prepared.width, checkedOnly.prepared.height]).toEqual([both.prepared.width, both.prepared.height]);
    expect(checkedOnly.original.sha256).toBe(both.original.sha256);
  });

  it('refuses a damaged image even when it only checks it (nothing for the models is kept)', async () => {
    const bytes = fixtureImage('coffee.png');
    const truncated = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    await expect(acceptImage(truncated, limits, 'image', { rawPixels: false, encoded: false })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('accepts WebP, GIF and TIFF', async () => {
    for (const format of ['webp', 'gif', 'tiff'] as const) {
      const { original } = await acceptImage(await solidImage(20, 10, format), limits, 'image');
      expect([original.type, original.width, original.height]).toEqual([format, 20, 10]);
    }
  });

  it('refuses a text file named like an image with BAD_USER_INPUT', async () => {
    const error = await acceptImage(Buffer.from('not an image at all, just text\n'.repeat(10)), limits, 'image').catch((e) => e);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'image' });
    expect(error.message).toMatch(/JPEG, PNG, WebP, GIF or TIFF/);
  });

  it('refuses a truncated PNG with BAD_USER_INPUT', async () => {
    const png = fixtureImage('astronaut.png');
    expect(await codeOf(acceptImage(png.subarray(0, Math.floor(png.length / 2)), limits, 'image'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(acceptImage(png.subarray(0, 40), limits, 'image'))).toBe('BAD_USER_INPUT');
  });

  it('refuses a decompression bomb from its header, before decoding it', async () => {
    const bomb = pngBomb(20000, 20000);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const meta = await sharp(bomb, { limitInputPixels: false }).metadata();
    expect([meta.width, meta.height]).toEqual([20000, 20000]);
    const error = await acceptImage(bomb, limits, 'image').catch((e) => e);
    expect(error.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toBe('The image is 20000×20000 pixels; at most 40 megapixels are accepted');
  });

  it('refuses an empty file and one over the byte limit', async () => {
    expect(await codeOf(acceptImage(Buffer.alloc(0), limits, 'image'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(acceptImage(fixtureImage('astronaut.png'), { ...limits, maxBytes: 1000 }, 'image'))).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('readImageStream', () => {
  /** A stream that makes each chunk on demand, one per event-loop turn, counting them. */
  function countingStream(first: Buffer, size: number, count: number) {
    const stream = Object.assign(
      new Readable({
        read() {
          setImmediate(() => {
            if (stream.pulled > count) return void this.push(null);
            this.push(stream.pulled === 0 ? first : Buffer.alloc(size, 7));
            stream.pulled += 1;
          });
        },
      }),
      { pulled: 0 },
    );
    return stream;
  }

  it('collects a stream within the limit', async () => {
    const png = fixtureImage('chelsea.png');
    const bytes = await readImageStream(Readable.from([png.subarray(0, 5), png.subarray(5)]), limits.maxBytes, 'image');
    expect(bytes.equals(png)).toBe(true);
  });

  it('collects a stream many times larger than its first buffer, every byte in order', async () => {
    const head = fixtureImage('chelsea.png').subarray(0, 64);
    const chunks = [head, ...Array.from({ length: 50 }, (_, i) => Buffer.alloc(40_000 + i, i))];
    const whole = Buffer.concat(chunks);
    const bytes = await readImageStream(Readable.from(chunks), 10 * 1024 * 1024, 'image');
    expect(bytes.equals(whole)).toBe(true);
  });

  it('stops at the limit with PAYLOAD_TOO_LARGE, then drains the rest without keeping it', async () => {
    const source = countingStream(fixtureImage('chelsea.png').subarray(0, 64), 64 * 1024, 200);
    let pulledAtRefusal = 0;
    const error = await readImageStream(source, 1024 * 1024, 'image').catch((e) => {
      pulledAtRefusal = source.pulled;
      return e;
    });
    expect(error.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // 64 bytes, then 64 KB chunks: the 17th chunk crosses 1 MB; the other 12 MB are never kept.
    expect(pulledAtRefusal).toBe(17);
    await finished(source);
    expect(source.pulled).toBe(201);
  });

  it('refuses a non-image as soon as its first bytes arrive', async () => {
    const source = countingStream(Buffer.from('plain text pretending to be a PNG'), 1024, 50);
    let pulledAtRefusal = 0;
    const error = await readImageStream(source, 1024 * 1024, 'image').catch((e) => {
      pulledAtRefusal = source.pulled;
      return e;
    });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'image' });
    expect(pulledAtRefusal).toBe(1);
    await finished(source);
  });
});
