import http from 'node:http';
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { signUp, useTestServer } from '../../test/harness';
import { InMemoryUpload, processRequestInMemory } from './intake/multipart-in-memory';
import { sentiSightEnv, useFakeSentiSight } from './testing/fake-sentisight';
import { fixtureImage } from './testing/fixtures';
import { paddedPng } from './testing/images';
import { Part, multipartParts } from './testing/multipart';
import { ANALYZE_IMAGE, balanceOf, consumptionsOf } from './testing/vision-api';

const operations = (feature = 'PLACES_CLASSIFICATION', options: Record<string, unknown> | null = null) =>
  JSON.stringify({ query: ANALYZE_IMAGE, variables: { feature, image: null, options } });
const map = '{"0":["variables.image"]}';
const png = (bytes: Buffer | string = fixtureImage('astronaut.png')): Part => ({ name: '0', filename: 'a.png', contentType: 'image/png', body: bytes });

interface Answer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
}

/**
 * Hostile GraphQL multipart requests (uploads): every one is answered with one typed JSON
 * error, the process lives on, nothing is charged, and a refused upload is answered, never reset.
 */
describe('hostile multipart requests', () => {
  const sentisight = useFakeSentiSight();
  const server = useTestServer(() => ({ env: sentiSightEnv(sentisight, ['PLACES_CLASSIFICATION']) }));

  afterEach(async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  /**
   * Posts a multipart body on a connection of its own (`Connection: close`, as curl and many
   * SDKs send): an answer sent before the body has arrived would be followed by a reset.
   */
  function send(parts: Part[], options: { close?: boolean; headers?: Record<string, string>; slowAfter?: number } = {}): Promise<Answer> {
    const { body, contentType } = multipartParts(parts, { close: options.close });
    return new Promise((resolve, reject) => {
      const request = http.request(`${server.url}/graphql`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': contentType, 'content-length': body.length, 'apollo-require-preflight': 'true', ...options.headers },
      });
      request.setTimeout(10_000, () => request.destroy(new Error('no complete exchange within 10 s')));
      let failure: Error | null = null;
      request.on('error', (error) => {
        failure = error;
        reject(error);
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        // A reset while the client still sends fails the request even after an early answer.
        const answered = new Promise((ended) => response.on('end', ended));
        const sent = request.writableFinished ? null : new Promise((finished) => request.on('finish', finished));
        void Promise.all([answered, sent]).then(() =>
          setTimeout(() => (failure ? reject(failure) : resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) })), 50),
        );
      });
      if (!options.slowAfter) return void request.end(body);
      // The rest of the body comes after the server could have answered (a slow client).
      request.write(body.subarray(0, options.slowAfter));
      setTimeout(() => request.end(body.subarray(options.slowAfter)), 300);
    });
  }

  const signedIn = async () => {
    const client = server.client();
    const user = await signUp(client);
    return { user, headers: client.authHeaders() };
  };

  it('answers a body that ends inside the file part (no closing boundary) and stays up', async () => {
    const truncated = Buffer.from('\x89PNG', 'latin1');
    const anonymous = await send([{ name: 'operations', body: operations() }, { name: 'map', body: map }, png(truncated)], { close: false });
    expect(anonymous.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });

    const { user, headers } = await signedIn();
    const answer = await send([{ name: 'operations', body: operations() }, { name: 'map', body: map }, png(fixtureImage('astronaut.png').subarray(0, 5000))], {
      close: false,
      headers,
    });
    expect(answer.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/ends too soon/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await consumptionsOf(server.dataSource, user.id)).toEqual([]);
    expect(await balanceOf(server.dataSource, user.id)).toBe(50);
  });

  it.each<[string, () => Part[], string, RegExp]>([
    ['a file before operations', () => [png(), { name: 'operations', body: operations() }, { name: 'map', body: map }], 'BAD_USER_INPUT', /must follow/],
    ['a file before the map', () => [{ name: 'operations', body: operations() }, png(), { name: 'map', body: map }], 'BAD_USER_INPUT', /must follow/],
    ['a file the map does not name', () => [{ name: 'operations', body: operations() }, { name: 'map', body: map }, { ...png(), name: '7' }], 'BAD_USER_INPUT', /not in ‘map’/],
    ['no file for the map', () => [{ name: 'operations', body: operations() }, { name: 'map', body: map }], 'BAD_USER_INPUT', /missing/],
    ['a file part with an empty name', () => [{ name: 'operations', body: operations() }, { name: 'map', body: map }, { ...png(), name: '' }], 'BAD_USER_INPUT', /not in ‘map’/],
    ['a field with an empty name', () => [{ name: '', body: 'x' }, { name: 'operations', body: operations() }, { name: 'map', body: map }, png()], 'BAD_USER_INPUT', /Unexpected field/],
    ['a map naming a file twice', () => [{ name: 'operations', body: operations() }, { name: 'map', body: '{"0":["variables.image"],"0":["variables.image"]}' }, png()], 'BAD_USER_INPUT', /twice/],
    ['a map pointing at no variable', () => [{ name: 'operations', body: operations() }, { name: 'map', body: '{"0":["variables.__proto__.x"]}' }, png()], 'BAD_USER_INPUT', /not a null variable/],
    ['operations sent twice', () => [{ name: 'operations', body: operations() }, { name: 'operations', body: operations() }, { name: 'map', body: map }, png()], 'BAD_USER_INPUT', /twice/],
    ['a third field', () => [{ name: 'operations', body: operations() }, { name: 'map', body: map }, { name: 'x', body: '1' }, png()], 'BAD_USER_INPUT', /Only the ‘operations’ and ‘map’/],
    ['an unknown field', () => [{ name: 'x', body: '1' }, { name: 'operations', body: operations() }, { name: 'map', body: map }, png()], 'BAD_USER_INPUT', /Unexpected field/],
    ['thousands of fields', () => Array.from({ length: 3000 }, () => ({ name: 'operations', body: '{}' })), 'BAD_USER_INPUT', /twice/],
    ['operations that are not JSON', () => [{ name: 'operations', body: '{"query": ' }, { name: 'map', body: map }, png()], 'BAD_USER_INPUT', /not JSON/],
  ])('refuses %s with one JSON error before anything runs', async (_name, parts, code, message) => {
    const { user, headers } = await signedIn();
    const answer = await send(parts(), { headers });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code, requestId: expect.any(String) } });
    expect(await consumptionsOf(server.dataSource, user.id)).toEqual([]);
    expect(sentisight.requests).toHaveLength(0);
  });

  it.each<[string, () => Part[], string, RegExp]>([
    ['a second file', () => [{ name: 'operations', body: operations() }, { name: 'map', body: map }, png(), png()], 'PAYLOAD_TOO_LARGE', /At most 1 file/],
    ['thousands of parts after the file', () => [{ name: 'operations', body: operations() }, { name: 'map', body: map }, png(), ...Array.from({ length: 3000 }, (_, i) => ({ ...png('x'), name: String(i + 1) }))], 'PAYLOAD_TOO_LARGE', /At most 1 file/],
    ['a field after the file', () => [{ name: 'operations', body: operations() }, { name: 'map', body: map }, png(), { name: 'x', body: 'y' }], 'BAD_USER_INPUT', /Only the ‘operations’ and ‘map’/],
    ['a body that ends after the file without its closing boundary', () => [{ name: 'operations', body: operations() }, { name: 'map', body: map }, png()], 'BAD_USER_INPUT', /ends too soon/],
  ])('fails the call reading the file when %s follows, charging nothing', async (name, parts, code, message) => {
    const { user, headers } = await signedIn();
    const answer = await send(parts(), { headers, close: !name.includes('closing boundary') });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code, requestId: expect.any(String) } });
    expect(await consumptionsOf(server.dataSource, user.id)).toEqual([]);
    expect(await balanceOf(server.dataSource, user.id)).toBe(50);
    expect(sentisight.requests).toHaveLength(0);
  });

  it('refuses a multipart content type without a boundary with 400, not 500', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data', 'apollo-require-preflight': 'true' },
      body: 'whatever',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Answer['body']).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a body declared over the upload limit at once with 413', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'apollo-require-preflight': 'true' },
      body: paddedPng(fixtureImage('chelsea.png'), 13 * 1024 * 1024),
    }).catch((error: Error) => error);
    // Beyond the limit the answer may close the connection while the client still sends.
    if (response instanceof Error) return;
    expect(response.status).toBe(413);
    expect(((await response.json()) as Answer['body']).errors?.[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers refused uploads with their JSON error, never a connection reset', async () => {
    const { headers } = await signedIn();
    const big = paddedPng(fixtureImage('chelsea.png'), 3 * 1024 * 1024);
    const refusals: Array<[Record<string, string>, string, string]> = [
      [{}, operations(), 'UNAUTHENTICATED'],
      [headers, operations('PLACES_CLASSIFICATION', { minScore: 7 }), 'BAD_USER_INPUT'],
      [headers, operations('OBJECT_DETECTION_PLUS'), 'BAD_USER_INPUT'],
      [headers, operations('IMAGE_GENERATION'), 'BAD_USER_INPUT'], // a feature this mutation does not serve
    ];
    const codes: string[] = [];
    for (let round = 0; round < 4; round++) {
      for (const [auth, ops, code] of refusals) {
        const parts = [{ name: 'operations', body: ops }, { name: 'map', body: map }, png(big)];
        const answer = await send(parts, { headers: auth, slowAfter: round % 2 ? 200_000 : undefined });
        codes.push(`${answer.body.errors?.[0].extensions.code}`);
        expect(answer.body.errors?.[0].extensions.code).toBe(code);
      }
    }
    expect(codes).toHaveLength(16);
  });

  it('lets a client that gives up mid-upload go without hanging the call or charging', async () => {
    const { user, headers } = await signedIn();
    const { body, contentType } = multipartParts([{ name: 'operations', body: operations() }, { name: 'map', body: map }, png(paddedPng(fixtureImage('chelsea.png'), 2 * 1024 * 1024))]);
    await new Promise<void>((resolve) => {
      const request = http.request(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': contentType, 'content-length': body.length, 'apollo-require-preflight': 'true', ...headers },
      });
      request.on('error', () => resolve());
      request.write(body.subarray(0, 600_000), () => setTimeout(() => request.destroy(), 100));
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await consumptionsOf(server.dataSource, user.id)).toEqual([]);
    expect(await balanceOf(server.dataSource, user.id)).toBe(50);
  });
});

describe('processRequestInMemory', () => {
  const request = () => {
    const { body, contentType } = multipartParts([{ name: 'operations', body: operations() }, { name: 'map', body: map }, png(Buffer.alloc(100_000, 1))]);
    const stream = Object.assign(new PassThrough(), { headers: { 'content-type': contentType } }) as unknown as IncomingMessage & PassThrough;
    return { stream, body };
  };

  it('fails the file stream a resolver is reading when the client goes away, instead of leaving it waiting', async () => {
    const { stream, body } = request();
    stream.write(body.subarray(0, 60_000));
    const { operations: parsed } = await processRequestInMemory<{ variables: { image: { promise: Promise<InMemoryUpload> } } }>(stream, { maxFileSize: 1e6, maxFiles: 1 });
    const file = (await parsed.variables.image.promise).createReadStream();
    const outcome = new Promise((resolve) => {
      file.on('error', (error) => resolve(error.message));
      file.on('end', () => resolve('end'));
      file.resume();
    });
    stream.destroy();
    await expect(outcome).resolves.toMatch(/ended during the upload/);
  });

  it('discards files nobody read, so the rest of the body flows in', async () => {
    const { stream, body } = request();
    stream.write(body.subarray(0, 60_000));
    const parsed = await processRequestInMemory(stream, { maxFileSize: 1e6, maxFiles: 1 });
    parsed.discardUnread();
    const ended = new Promise((resolve) => stream.once('end', () => resolve('end')));
    stream.end(body.subarray(60_000));
    await expect(ended).resolves.toBe('end');
  });
});
