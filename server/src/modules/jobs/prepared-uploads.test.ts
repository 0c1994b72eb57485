import { VisionFeature } from '../vision';
import { PreparedUploads, type PreparedWork } from './prepared-uploads';

/** The run of an accepted image of `bytes` bytes in all (original + raw pixels). */
function work(bytes: number): PreparedWork {
  const half = Math.floor(bytes / 2);
  const original = Buffer.alloc(half);
  return {
    kind: 'upload',
    feature: VisionFeature.FACE_DETECTION,
    bytes: original,
    options: {},
    accepted: {
      original: { bytes: original, type: 'png', width: 1, height: 1, sha256: '' },
      prepared: { data: null, mime: 'image/png', width: 1, height: 1, rgb: Buffer.alloc(bytes - half), scale: 1 },
    },
  };
}

describe('PreparedUploads', () => {
  it('hands a kept image over once', () => {
    const uploads = new PreparedUploads({ maxBytes: 1_000, ttlMs: 60_000 });
    const kept = work(100);
    uploads.keep('a', kept);
    expect(uploads.take('a')).toBe(kept);
    expect(uploads.take('a')).toBeNull();
    expect(uploads.heldBytes).toBe(0);
  });

  it('holds at most maxBytes: past it a new image is not kept (the ones held run first)', () => {
    const uploads = new PreparedUploads({ maxBytes: 250, ttlMs: 60_000 });
    uploads.keep('a', work(100));
    uploads.keep('b', work(100));
    uploads.keep('c', work(100));
    expect(uploads.take('c')).toBeNull();
    expect(uploads.heldBytes).toBe(200);
    expect(uploads.take('a')).not.toBeNull();
    uploads.keep('huge', work(251));
    expect(uploads.take('huge')).toBeNull();
    uploads.keep('d', work(100));
    expect(uploads.take('b')).not.toBeNull();
    expect(uploads.take('d')).not.toBeNull();
  });

  it('forgets an image after ttlMs (its job ran in another process)', () => {
    let now = 0;
    const uploads = new PreparedUploads({ maxBytes: 1_000, ttlMs: 1_000 }, () => now);
    uploads.keep('elsewhere', work(100));
    uploads.keep('late', work(100));
    now = 1_001;
    expect(uploads.take('late')).toBeNull();
    uploads.keep('new', work(100));
    // Keeping the new one swept the expired one.
    expect(uploads.size).toBe(1);
    expect(uploads.heldBytes).toBe(100);
  });

  it('drops an image when its job ends without running here', () => {
    const uploads = new PreparedUploads({ maxBytes: 1_000, ttlMs: 60_000 });
    uploads.keep('a', work(100));
    uploads.drop('a');
    expect(uploads.size).toBe(0);
    expect(uploads.take('a')).toBeNull();
  });
});
