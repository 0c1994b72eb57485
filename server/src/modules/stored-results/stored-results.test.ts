import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../core/config';
import { signUp, useTestServer } from '../../test/harness';
import { ResultsCipher } from './results-cipher';
import { promise } from '../privacy-promises/promise-test';

const DAY_MS = 24 * 60 * 60 * 1000;
const KEY = randomBytes(32).toString('base64');
const LIST = '{ storedResults(first: 50) { enabled nodes { id kind feature mime sizeBytes consumptionId createdAt expiresAt downloadPath } } }';
const DELETE = 'mutation D($id: ID!) { deleteStoredResult(id: $id) }';

const png = (size = 2048) => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(size)]);

describe('stored results configuration', () => {
  it('needs a 32-byte key when enabled', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x', STORE_RESULTS: 'true' })).toThrow(/RESULTS_ENCRYPTION_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x', STORE_RESULTS: 'true', RESULTS_ENCRYPTION_KEY: randomBytes(16).toString('base64') })).toThrow(/32 bytes/);
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x', STORE_RESULTS: 'true', RESULTS_ENCRYPTION_KEY: KEY }).storedResults.enabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x' }).storedResults.enabled).toBe(false);
  });

  promise('000-3-encrypted-at-rest', 'seals with AES-256-GCM: opens with the same key and data, fails on any change', () => {
    const cipher = new ResultsCipher(randomBytes(32));
    const plaintext = png(100);
    const sealed = cipher.seal(plaintext, 'row-1');
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.authTag).toHaveLength(16);
    expect(cipher.open(sealed, 'row-1').equals(plaintext)).toBe(true);
    expect(() => cipher.open(sealed, 'row-2')).toThrow();
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[5] ^= 1;
    expect(() => cipher.open({ ...sealed, ciphertext: flipped }, 'row-1')).toThrow();
    expect(() => new ResultsCipher(randomBytes(32)).open(sealed, 'row-1')).toThrow();
  });
});

describe('stored results, off by default', () => {
  const server = useTestServer();

  promise('001-4-outputs-not-stored', 'stores nothing: save is a no-op and the list says disabled', async () => {
    const client = server.client();
    const user = await signUp(client);
    const saved = await server.app.services.storedResults.save(user.id, { kind: 'OUTPUT', feature: 'BACKGROUND_REMOVAL', mime: 'image/png', bytes: png() });
    expect(saved).toBeNull();
    expect(await server.dataSource.query('SELECT 1 FROM stored_results')).toEqual([]);
    expect((await client.ok(LIST)).storedResults).toEqual({ enabled: false, nodes: [] });
  });
});

describe('stored results with STORE_RESULTS=true', () => {
  const server = useTestServer({ env: { STORE_RESULTS: 'true', RESULTS_ENCRYPTION_KEY: KEY } });

  const download = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { headers });

  promise('000-3-encrypted-at-rest', 'keeps images encrypted at rest and gives the owner the exact bytes back', async () => {
    const client = server.client();
    const user = await signUp(client);
    const bytes = png();
    const consumptionId = '00000000-0000-4000-8000-000000000001';
    const saved = await server.app.services.storedResults.save(user.id, { kind: 'OUTPUT', feature: 'BACKGROUND_REMOVAL', mime: 'image/png', bytes, consumptionId });
    expect(saved).not.toBeNull();

    const [row] = await server.dataSource.query('SELECT ciphertext, iv, auth_tag, size_bytes FROM stored_results WHERE id = $1', [saved!.id]);
    expect(row.size_bytes).toBe(bytes.length);
    expect(row.ciphertext.equals(bytes)).toBe(false);
    expect(row.ciphertext.includes(bytes.subarray(0, 16))).toBe(false);
    expect(row.ciphertext.includes(bytes.subarray(1000, 1016))).toBe(false);

    const { storedResults } = await client.ok(LIST);
    expect(storedResults.enabled).toBe(true);
    expect(storedResults.nodes).toEqual([
      expect.objectContaining({ id: saved!.id, kind: 'OUTPUT', feature: 'BACKGROUND_REMOVAL', mime: 'image/png', sizeBytes: bytes.length, consumptionId, downloadPath: `/results/${saved!.id}` }),
    ]);
    const node = storedResults.nodes[0];
    expect(new Date(node.expiresAt).getTime() - new Date(node.createdAt).getTime()).toBe(30 * DAY_MS);

    const response = await download(node.downloadPath, client.authHeaders());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);

    const { createApiToken } = await client.ok('mutation { createApiToken(input: { name: "downloads" }) { secret } }');
    expect((await download(node.downloadPath, { authorization: `Bearer ${createApiToken.secret}` })).status).toBe(200);
    expect((await download(node.downloadPath, {})).status).toBe(401);
    const stranger = server.client();
    await signUp(stranger);
    expect((await download(node.downloadPath, stranger.authHeaders())).status).toBe(404);
    expect(await stranger.errorCode(DELETE, { id: saved!.id })).toBe('NOT_FOUND');
  });

  it('refuses a tampered or swapped ciphertext', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { storedResults } = server.app.services;
    const first = await storedResults.save(user.id, { kind: 'ORIGINAL', feature: 'OBJECT_DETECTION', mime: 'image/png', bytes: png() });
    const second = await storedResults.save(user.id, { kind: 'ORIGINAL', feature: 'OBJECT_DETECTION', mime: 'image/png', bytes: png() });
    await server.dataSource.query(`UPDATE stored_results SET ciphertext = overlay(ciphertext placing '\\x00'::bytea from 40 for 1) WHERE id = $1`, [first!.id]);
    const tampered = await download(`/results/${first!.id}`, client.authHeaders());
    expect(tampered.status).toBe(500);
    expect(((await tampered.json()) as { error: { code: string } }).error.code).toBe('INTERNAL');
    await expect(storedResults.open(user.id, first!.id)).rejects.toThrow(/integrity/);

    // A valid ciphertext moved into another row does not open either: the row id is bound to it.
    await server.dataSource.query(
      `UPDATE stored_results SET ciphertext = s.ciphertext, iv = s.iv, auth_tag = s.auth_tag
       FROM stored_results s WHERE stored_results.id = $1 AND s.id = $2`,
      [first!.id, second!.id],
    );
    await expect(storedResults.open(user.id, first!.id)).rejects.toThrow(/integrity/);
    expect((await storedResults.open(user.id, second!.id)).bytes.length).toBeGreaterThan(0);
  });

  promise('000-3-manual-deletion', 'lets the user delete one or all of them, and deletes them with the account', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { storedResults } = server.app.services;
    const one = await storedResults.save(user.id, { kind: 'OUTPUT', feature: 'IMAGE_GENERATION', mime: 'image/png', bytes: png() });
    await storedResults.save(user.id, { kind: 'OUTPUT', feature: 'IMAGE_GENERATION', mime: 'image/png', bytes: png() });
    await storedResults.save(user.id, { kind: 'ORIGINAL', feature: 'IMAGE_GENERATION', mime: 'image/png', bytes: png() });
    expect((await client.ok(DELETE, { id: one!.id })).deleteStoredResult).toBe(true);
    expect(await client.errorCode(DELETE, { id: one!.id })).toBe('NOT_FOUND');
    expect(await client.errorCode(DELETE, { id: 'not-a-uuid' })).toBe('NOT_FOUND');
    expect((await client.ok(LIST)).storedResults.nodes).toHaveLength(2);
    expect((await client.ok('mutation { deleteAllStoredResults }')).deleteAllStoredResults).toBe(2);

    await storedResults.save(user.id, { kind: 'OUTPUT', feature: 'IMAGE_GENERATION', mime: 'image/png', bytes: png() });
    await client.ok('mutation D($input: DeleteAccountInput!) { deleteMyAccount(input: $input) }', { input: { password: user.password } });
    expect(await server.dataSource.query('SELECT 1 FROM stored_results WHERE user_id = $1', [user.id])).toEqual([]);
  });

  promise(['000-3-originals-30-days', '000-3-outputs-per-plan'], 'expires originals after 30 days and outputs by plan: Free 30, Starter 90, Pro never', async () => {
    const { storedResults, retention } = server.app.services;
    await server.dataSource.query('DELETE FROM stored_results'); // earlier tests' rows would expire too
    const ids: Record<string, string> = {};
    for (const plan of ['FREE', 'STARTER', 'PRO']) {
      const user = await signUp(server.client());
      await server.dataSource.query('UPDATE users SET plan = $2 WHERE id = $1', [user.id, plan]);
      for (const kind of ['ORIGINAL', 'OUTPUT'] as const) {
        ids[`${plan}:${kind}`] = (await storedResults.save(user.id, { kind, feature: 'BACKGROUND_REMOVAL', mime: 'image/png', bytes: png(64) }))!.id;
      }
    }
    const remaining = async () => {
      const rows: Array<{ id: string }> = await server.dataSource.query('SELECT id FROM stored_results WHERE id = ANY($1)', [Object.values(ids)]);
      const present = new Set(rows.map((r) => r.id));
      return Object.entries(ids).filter(([, id]) => present.has(id)).map(([name]) => name).sort();
    };

    server.clock.advance(29 * DAY_MS);
    await retention.runOnce();
    expect(await remaining()).toHaveLength(6);

    server.clock.advance(2 * DAY_MS); // day 31
    const run = await retention.runOnce();
    expect(run.ran && run.deleted.storedResults).toBe(4);
    expect(await remaining()).toEqual(['PRO:OUTPUT', 'STARTER:OUTPUT']);

    server.clock.advance(60 * DAY_MS); // day 91
    await retention.runOnce();
    expect(await remaining()).toEqual(['PRO:OUTPUT']);

    server.clock.advance(3650 * DAY_MS);
    await retention.runOnce();
    expect(await remaining()).toEqual(['PRO:OUTPUT']);
  });
});
