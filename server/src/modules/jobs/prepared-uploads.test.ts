import type { AcceptedImage } from '../vision';
import { PreparedUploads } from './prepared-uploads';

/** An accepted image of `bytes` bytes in all (original + raw pixels). */
function image(bytes: number): AcceptedImage {
  const half = Math.floor(bytes / 2);
  return {
    original: { bytes: Buffer.alloc(half), type: 'png', width: 1, height: 1, sha256: '' },
    prepared: { data: null, mime: 'image/png', width: 1, height: 1, rgb: Buffer.alloc(bytes - half), scale: 1 },
  };
}

describe('PreparedUploads', () => {
  it('hands a kept image over once', () => {
    const uploads = new PreparedUploads({ maxBytes: 1_000, ttlMs: 60_000 });
    const kept = image(100);
    uploads.keep('a', kept);
    expect(uploads.take('a')).toBe(kept);
    expect(uploads.take('a')).toBeNull();
    expect(uploads.heldBytes).toBe(0);
  });

  it('holds at most maxBytes: past it a new image is not kept (the ones held run first)', () => {
    const uploads = new PreparedUploads({ maxBytes: 250, ttlMs: 60_000 });
    uploads.keep('a', image(100));
    uploads.keep('b', image(100));
    uploads.keep('c', image(100));
    expect(uploads.take('c')).toBeNull();
    expect(uploads.heldBytes).toBe(200);
    expect(uploads.take('a')).not.toBeNull();
    uploads.keep('huge', image(251));
    expect(uploads.take('huge')).toBeNull();
    uploads.keep('d', image(100));
    expect(uploads.take('b')).not.toBeNull();
    expect(uploads.take('d')).not.toBeNull();
  });

  it('forgets an image after ttlMs (its job ran in another process)', () => {
    let now = 0;
    const uploads = new PreparedUploads({ maxBytes: 1_000, ttlMs: 1_000 }, () => now);
    uploads.keep('elsewhere', image(100));
    uploads.keep('late', image(100));
    now = 1_001;
    expect(uploads.take('late')).toBeNull();
    uploads.keep('new', image(100));
    // Keeping the new one swept the expired one.
    expect(uploads.size).toBe(1);
    expect(uploads.heldBytes).toBe(100);
  });

  it('drops an image when its job ends without running here', () => {
    const uploads = new PreparedUploads({ maxBytes: 1_000, ttlMs: 60_000 });
    uploads.keep('a', image(100));
    uploads.drop('a');
    expect(uploads.size).toBe(0);
    expect(uploads.take('a')).toBeNull();
  });
});
