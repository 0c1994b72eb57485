import fs, { FSWatcher, watch } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { FileUpload, Upload, processRequest } from 'graphql-upload-ts';
import { GraphQLTestClient, signUp, useTestServer } from '../../test/harness';
import { sentiSightEnv, useFakeSentiSight } from './testing/fake-sentisight';
import { fixtureImage } from './testing/fixtures';
import { postMultipart } from './testing/multipart';
import { useFakeServer } from './testing/http-fixture-server';
import { paddedPng } from './testing/images';
import { loopbackTripwire } from './testing/tripwire';
import { ANALYZE_URL, analyzeUpload, analyzed, balanceOf, consumptionsOf, errorOf } from './testing/vision-api';
import { promise } from '../privacy-promises/promise-test';

/**
 * Every file this process opens for writing (through node:fs, which is how fs-capacitor and any
 * JS code writes), and every temp file of an upload library or libvips that appears in
 * os.tmpdir() (watched, so even files deleted at once are seen).
 */
function recordWrites(): { paths: string[]; stop(): void } {
  const paths: string[] = [];
  const { O_WRONLY, O_RDWR, O_CREAT, O_APPEND } = fs.constants;
  const writes = (flags: unknown) =>
    typeof flags === 'string' ? /[wa+]/.test(flags) : typeof flags === 'number' && (flags & (O_WRONLY | O_RDWR | O_CREAT | O_APPEND)) !== 0;
  const original = { open: fs.open, openSync: fs.openSync, createWriteStream: fs.createWriteStream, writeFile: fs.writeFile };
  const spies = [
    jest.spyOn(fs, 'open').mockImplementation(((file: fs.PathLike, flags: unknown, ...rest: unknown[]) => {
      if (writes(flags)) paths.push(String(file));
      return (original.open as (...args: unknown[]) => void)(file, flags, ...rest);
    }) as typeof fs.open),
    jest.spyOn(fs, 'openSync').mockImplementation(((file: fs.PathLike, flags?: unknown, mode?: fs.Mode) => {
      if (writes(flags)) paths.push(String(file));
      return original.openSync(file, flags as fs.OpenMode, mode);
    }) as typeof fs.openSync),
    jest.spyOn(fs, 'createWriteStream').mockImplementation(((file: fs.PathLike, options?: unknown) => {
      paths.push(String(file));
      return (original.createWriteStream as (...args: unknown[]) => fs.WriteStream)(file, options);
    }) as typeof fs.createWriteStream),
    jest.spyOn(fs, 'writeFile').mockImplementation(((file: unknown, ...rest: unknown[]) => {
      paths.push(String(file));
      return (original.writeFile as (...args: unknown[]) => void)(file, ...rest);
    }) as typeof fs.writeFile),
  ];
  const watcher: FSWatcher = watch(os.tmpdir(), (event, name) => {
    if (name && /^(capacitor-|vips-|upload_)/.test(String(name))) paths.push(`${os.tmpdir()}/${name}`);
  });
  return {
    paths,
    stop: () => {
      watcher.close();
      for (const spy of spies) spy.mockRestore();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

/** Seed 001 §4: uploads live in memory only; no file, no table row holds image bytes. */
describe('uploaded images stay in memory', () => {
  const sentisight = useFakeSentiSight();
  const images = useFakeServer((_request, response) => void response.writeHead(200).end(fixtureImage('chelsea.png')));
  const server = useTestServer(() => ({
    env: {
      SIGNUP_RATE_LIMIT: '1000',
      ALLOW_LOOPBACK_URLS: 'true',
      ...sentiSightEnv(sentisight, ['PLACES_CLASSIFICATION', 'INSTANCE_SEGMENTATION', 'BACKGROUND_REMOVAL']),
    },
  }));

  beforeAll(() => {
    server.app.services.vision.network.beforeConnect = loopbackTripwire;
  });

  it('control: graphql-upload-ts’s stock processRequest buffers uploads into os.tmpdir() (which is why it is replaced)', async () => {
    const created = recordWrites();
    const stock = http.createServer(async (req, res) => {
      const operations = (await processRequest(req, res)) as { variables: { file: Upload } };
      const file: FileUpload = await operations.variables.file.promise;
      const stream = file.createReadStream();
      stream.resume();
      stream.on('end', () => res.end('{}'));
    });
    await new Promise<void>((resolve) => stock.listen(0, '127.0.0.1', resolve));
    try {
      const client = new GraphQLTestClient(`http://127.0.0.1:${(stock.address() as AddressInfo).port}/`);
      await fetchMultipartRaw(client, fixtureImage('chelsea.png'));
      await settle();
      expect(created.paths.some((file) => /capacitor-[0-9a-f]+\.tmp$/.test(file))).toBe(true);
    } finally {
      created.stop();
      stock.close();
    }
  });

  promise('001-1.3-uploads-in-memory', 'writes no file for uploads, refused uploads, URLs and cut-outs', async () => {
    const client = server.client();
    await signUp(client);
    const created = recordWrites();
    try {
      await analyzed(client, 'PLACES_CLASSIFICATION', fixtureImage('astronaut.png'));
      await analyzed(client, 'BACKGROUND_REMOVAL', fixtureImage('coffee.png'));
      expect(errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', paddedPng(fixtureImage('chelsea.png'), 11 * 1024 * 1024))).extensions.code).toBe(
        'PAYLOAD_TOO_LARGE',
      );
      await client.ok(ANALYZE_URL, { feature: 'PLACES_CLASSIFICATION', url: `${images.url}/chelsea.png` });
      await settle();
      expect(created.paths).toEqual([]);
    } finally {
      created.stop();
    }
  });

  promise('001-1.3-uploads-in-memory', 'writes no image bytes to any table, even for calls kept for idempotent replay', async () => {
    const client = server.client();
    await signUp(client);
    await analyzed(client, 'BACKGROUND_REMOVAL', fixtureImage('astronaut.png'), { key: 'privacy-cut' });
    await analyzed(client, 'INSTANCE_SEGMENTATION', fixtureImage('astronaut.png'), { key: 'privacy-mask' });
    await analyzed(client, 'PLACES_CLASSIFICATION', fixtureImage('rocket.jpg'), { key: 'privacy-places', contentType: 'image/jpeg' });
    const tables: Array<{ tablename: string }> = await server.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    // Base64 of PNG and JPEG headers, and PNG's magic bytes as bytea text.
    const signatures = ['iVBORw0KGgo', '/9j/', '\\x89504e47', '\\xffd8ff'];
    let rowsScanned = 0;
    for (const { tablename } of tables) {
      const rows: Array<{ row: string }> = await server.dataSource.query(`SELECT t::text AS row FROM "${tablename}" t`);
      rowsScanned += rows.length;
      for (const { row } of rows) {
        for (const signature of signatures) expect({ table: tablename, found: row.includes(signature) }).toEqual({ table: tablename, found: false });
      }
    }
    expect(rowsScanned).toBeGreaterThan(10);
    // The replay copies exist, without the bytes.
    const [kept] = await server.dataSource.query(`SELECT result::text AS result FROM idempotency_keys WHERE key = 'privacy-cut'`);
    expect(kept.result).toContain('"pngBase64": null');
  });

  promise('001-8-restrict-processing', 'a user who restricted processing gets PROCESSING_RESTRICTED: nothing read, charged or sent', async () => {
    const client = server.client();
    const user = await signUp(client);
    await client.ok('mutation { setProcessingRestricted(restricted: true) { id } }');
    sentisight.requests.length = 0;
    const upload = errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', fixtureImage('astronaut.png')));
    expect(upload.extensions.code).toBe('PROCESSING_RESTRICTED');
    const url = errorOf(await client.request(ANALYZE_URL, { feature: 'PLACES_CLASSIFICATION', url: `${images.url}/x.png` }));
    expect(url.extensions.code).toBe('PROCESSING_RESTRICTED');
    expect(images.requests.filter((r) => r.path === '/x.png')).toHaveLength(0);
    expect(sentisight.requests).toHaveLength(0);
    expect(await consumptionsOf(server.dataSource, user.id)).toEqual([]);
    expect(await balanceOf(server.dataSource, user.id)).toBe(50);
    await client.ok('mutation { setProcessingRestricted(restricted: false) { id } }');
    expect((await analyzed(client, 'PLACES_CLASSIFICATION', fixtureImage('astronaut.png'))).balance).toBe(49);
  });
});

/** Seed 000's opt-in: with STORE_RESULTS=true the original and the output are kept, encrypted. */
describe('with STORE_RESULTS=true', () => {
  const sentisight = useFakeSentiSight();
  const server = useTestServer(() => ({
    env: {
      SIGNUP_RATE_LIMIT: '1000',
      ...sentiSightEnv(sentisight, ['BACKGROUND_REMOVAL']),
      STORE_RESULTS: 'true',
      RESULTS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    },
  }));

  it('keeps the original and the cut-out (encrypted), and replays keep the image bytes', async () => {
    const client = server.client();
    const user = await signUp(client);
    const first = await analyzed(client, 'BACKGROUND_REMOVAL', fixtureImage('astronaut.png'), { key: 'kept-1' });
    const stored: Array<{ kind: string; mime: string; consumption_id: string }> = await server.dataSource.query(
      'SELECT kind, mime, consumption_id FROM stored_results WHERE user_id = $1 ORDER BY kind',
      [user.id],
    );
    expect(stored).toEqual([
      { kind: 'ORIGINAL', mime: 'image/png', consumption_id: first.consumptionId },
      { kind: 'OUTPUT', mime: 'image/png', consumption_id: first.consumptionId },
    ]);
    const replay = await analyzed(client, 'BACKGROUND_REMOVAL', fixtureImage('astronaut.png'), { key: 'kept-1' });
    expect(replay).toMatchObject({ replayed: true, image: { png: first.image.png } });
  });
});

/** A multipart upload to a plain endpoint (the stock-processRequest control). */
async function fetchMultipartRaw(client: GraphQLTestClient, bytes: Buffer): Promise<void> {
  await postMultipart(client, 'mutation ($file: Upload!) { x(file: $file) }', {}, { bytes, filename: 'a.png', contentType: 'image/png' }, {
    fileVariable: 'file',
  });
}
