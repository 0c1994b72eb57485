import path from 'node:path';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { TestServer, signUp, startTestServer } from '../../test/harness';
import { fixtureImage } from './testing/fixtures';
import { analyzed, consumptionsOf } from './testing/vision-api';

jest.setTimeout(180_000);

/** Printed words (the shared text.png is handwritten maths, which Tesseract does not read). */
const printedText = readFileSync(path.join(__dirname, 'local', 'fixtures', 'printed-text.png'));

async function maskCoverage(maskBase64: string): Promise<{ width: number; height: number; on: number }> {
  const { data, info } = await sharp(Buffer.from(maskBase64, 'base64')).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  let on = 0;
  for (const value of data) if (value > 127) on += 1;
  return { width: info.width, height: info.height, on: on / (info.width * info.height) };
}

async function alphaAt(png: Buffer, x: number, y: number): Promise<number> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return data[(y * info.width + x) * info.channels + 3];
}

/** Every feature the local provider serves, end to end through GraphQL, with real CPU inference. */
describe('local inference through GraphQL', () => {
  let server: TestServer;
  let client: ReturnType<TestServer['client']>;
  let userId: string;
  const astronaut = fixtureImage('astronaut.png');

  beforeAll(async () => {
    server = await startTestServer({ env: { SIGNUP_RATE_LIMIT: '1000', VISION_TIMEOUT_MS: '170000' } });
    client = server.client();
    userId = (await signUp(client)).id;
    // Enough credits for every feature below.
    const { LedgerReason } = await import('../credits/ledger-entry.entity');
    await server.app.services.credits.apply({ userId, delta: 100, reason: LedgerReason.ADMIN_ADJUSTMENT, note: 'test credits' });
  });
  afterAll(() => server.close());

  it('finds the astronaut’s face with landmarks', async () => {
    const result = await analyzed(client, 'FACE_DETECTION', astronaut);
    expect(result.provider).toBe('LOCAL');
    expect(result.faces.length).toBeGreaterThanOrEqual(1);
    const [face] = result.faces;
    expect(face.score).toBeGreaterThan(0.5);
    // The face is in the upper middle of the 512×512 photo.
    expect(face.box.x).toBeGreaterThan(100);
    expect(face.box.x + face.box.width).toBeLessThan(400);
    expect(face.box.y + face.box.height).toBeLessThan(300);
    expect(face.landmarks.length).toBeGreaterThanOrEqual(5);
  });

  it('maps real detections back to the original pixels of a large upload', async () => {
    const small = (await analyzed(client, 'FACE_DETECTION', astronaut)).faces[0].box;
    const large = await sharp(astronaut).resize(2048, 2048).png().toBuffer();
    const big = (await analyzed(client, 'FACE_DETECTION', large)).faces[0].box;
    // The model saw a 1600×1600 copy; the answer is in the 2048×2048 frame: 4× the 512 one.
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(big[key] / 4 - small[key])).toBeLessThan(12);
  });

  it('detects a person on the astronaut', async () => {
    const result = await analyzed(client, 'OBJECT_DETECTION', astronaut);
    expect(result.objects.map((o: { label: string }) => o.label)).toContain('person');
    const person = result.objects.find((o: { label: string }) => o.label === 'person');
    expect(person.box.width).toBeGreaterThan(100);
    expect(person.box.x + person.box.width).toBeLessThanOrEqual(512);
  });

  it('classifies the astronaut as showing a person (labels from the detector, as the description says)', async () => {
    const result = await analyzed(client, 'GENERAL_CLASSIFICATION', astronaut);
    expect(result.labels.map((l: { label: string }) => l.label)).toContain('person');
  });

  it('estimates a pose with the 17 COCO keypoints', async () => {
    const result = await analyzed(client, 'POSE_ESTIMATION', astronaut);
    expect(result.poses).toHaveLength(1);
    const { keypoints } = result.poses[0];
    expect(keypoints).toHaveLength(17);
    const nose = keypoints.find((k: { name: string }) => k.name === 'nose');
    expect(nose.score).toBeGreaterThan(0.3);
    for (const k of keypoints) {
      expect(k.x).toBeGreaterThanOrEqual(0);
      expect(k.x).toBeLessThanOrEqual(512);
    }
  });

  it('segments the person with a mask the size of the photo', async () => {
    const result = await analyzed(client, 'INSTANCE_SEGMENTATION', astronaut);
    const person = result.instances.find((i: { label: string }) => i.label === 'person');
    expect(person).toBeDefined();
    const coverage = await maskCoverage(person.mask);
    expect([coverage.width, coverage.height]).toEqual([512, 512]);
    expect(coverage.on).toBeGreaterThan(0.2);
    expect(coverage.on).toBeLessThan(0.9);
  });

  it('reads printed words with OCR', async () => {
    const result = await analyzed(client, 'TEXT_RECOGNITION', printedText);
    const words = result.texts.map((t: { text: string }) => t.text).join(' ');
    expect(words).toMatch(/Quick brown foxes/);
    expect(words).toMatch(/lazy dogs/);
    expect(result.texts[0].polygon).toHaveLength(4);
  });

  it('scores NSFW classes and does not flag the cat', async () => {
    const result = await analyzed(client, 'NSFW_CLASSIFICATION', fixtureImage('chelsea.png'));
    const labels = new Map(result.labels.map((l: { label: string; score: number }) => [l.label, l.score]));
    expect([...labels.keys()].sort()).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    expect(labels.get('Porn')).toBeLessThan(0.1);
  });

  it('cuts out the foreground: transparent corners, opaque subject, original size', async () => {
    const result = await analyzed(client, 'BACKGROUND_REMOVAL', astronaut);
    expect(result.image).toMatchObject({ width: 512, height: 512 });
    const png = Buffer.from(result.image.png, 'base64');
    expect((await sharp(png).metadata()).channels).toBe(4);
    expect(await alphaAt(png, 2, 2)).toBeLessThan(10);
    expect(await alphaAt(png, 509, 2)).toBeLessThan(10);
    expect(await alphaAt(png, 256, 200)).toBeGreaterThan(200); // the astronaut's face
  });

  it('logged every call as SUCCEEDED with its duration', async () => {
    const rows = await consumptionsOf(server.dataSource, userId);
    expect(rows.length).toBeGreaterThanOrEqual(9);
    for (const row of rows) {
      expect(row.status).toBe('SUCCEEDED');
      expect(row.duration_ms).toBeGreaterThan(0);
    }
  });
});
