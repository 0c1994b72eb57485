import fc from 'fast-check';
import { fixtureImage } from '../modules/vision/testing/fixtures';
import { Part, multipartParts } from '../modules/vision/testing/multipart';
import { ANALYZE_IMAGE, ANALYZE_URL, FEATURES, GENERATE } from '../modules/vision/testing/vision-api';
import { REGISTER } from '../test/harness';

/**
 * fast-check arbitraries for hostile HTTP requests to /graphql: real operations mutated
 * (truncated, junk inserted, huge numbers, deep nesting, many aliases), variables of the wrong
 * type, NULs and huge strings, odd content types and headers, and broken multipart bodies.
 */

export interface HostileRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** Send the signed-in user's session (for paid calls with bad input). */
  signedIn: boolean;
  /** What the request is, for the failure report. */
  label: string;
}

export const OPERATIONS = [
  ANALYZE_IMAGE,
  ANALYZE_URL,
  GENERATE,
  FEATURES,
  REGISTER,
  '{ me { id email credits role } }',
  'mutation Login($input: LoginInput!) { login(input: $input) { id } }',
  'mutation { logout }',
  '{ __schema { types { name fields { name } } } }',
  'query Q($first: Int, $after: String) { me { id } __typename }',
];

const junk = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('\u0000', '{', '}', '(', ')', '$', '"', '\\', '...', '@include(if: true)', '#', '\uFFFF', '\uD800', '1e999999', '99999999999999999999999'),
);

/** A real document, mutated. */
const document = fc
  .tuple(
    fc.constantFrom(...OPERATIONS),
    fc.constantFrom('none', 'truncate', 'insert', 'nest', 'aliases', 'number', 'repeat'),
    fc.nat(),
    junk,
    fc.integer({ min: 1, max: 3000 }),
  )
  .map(([source, mutation, at, inserted, size]) => {
    const index = source.length ? at % source.length : 0;
    switch (mutation) {
      case 'truncate':
        return source.slice(0, index);
      case 'insert':
        return source.slice(0, index) + inserted + source.slice(index);
      case 'nest':
        return `{ me ${'{ id '.repeat(size % 400)}${'}'.repeat(size % 400)} }`;
      case 'aliases':
        return `{ ${Array.from({ length: size }, (_, i) => `a${i}: __typename`).join(' ')} }`;
      case 'number':
        return source.replace(/\(/, `(first: ${'9'.repeat(size % 400 || 1)}, `);
      case 'repeat':
        return source.repeat(Math.min(size, 50));
      default:
        return source;
    }
  });

const hugeString = fc.integer({ min: 1, max: 300_000 }).map((n) => 'x'.repeat(n));
const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('PLACES_CLASSIFICATION', 'IMAGE_GENERATION', 'NOPE', '\u0000', 'http://127.0.0.1/a.png', 'file:///etc/passwd', ''),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER),
  hugeString,
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 })),
})).value;
const deepValue = fc.integer({ min: 1, max: 2000 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown);

/** Variables of the operations' names, with values of any type. */
const variables = fc.oneof(
  fc.constant(undefined),
  value,
  deepValue,
  fc.dictionary(fc.constantFrom('feature', 'image', 'url', 'prompt', 'options', 'key', 'input', 'first', 'after'), fc.oneof(value, deepValue), { maxKeys: 5 }),
);

const contentTypes = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON;CHARSET="UTF-8"',
  'application/json; charset=latin1',
  'application/graphql',
  'application/graphql-response+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'image/png',
);
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
const oddHeaders = fc.record(
  {
    accept: fc.constantFrom('application/json', 'application/graphql-response+json', 'text/html', '*/*', 'application/json;q=0, */*;q=0.1', 'nonsense'),
    authorization: fc.oneof(printable.map((s) => `Bearer ${s}`), printable),
    cookie: printable,
    'x-request-id': printable,
    'apollo-require-preflight': fc.constantFrom('true', ''),
    'idempotency-key': printable,
  },
  { requiredKeys: [] },
);

const jsonRequest = fc
  .record({
    query: fc.oneof(document, fc.constant(undefined), value),
    operationName: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 10 })),
    variables,
    extensions: fc.oneof(fc.constant(undefined), value),
    contentType: contentTypes,
    headers: oddHeaders,
    bodyCut: fc.oneof(fc.constant(undefined), fc.nat()),
    method: fc.constantFrom<'GET' | 'POST' | 'PUT'>('POST', 'POST', 'POST', 'GET', 'PUT'),
    signedIn: fc.boolean(),
  })
  .map(({ query, operationName, variables, extensions, contentType, headers, bodyCut, method, signedIn }): HostileRequest => {
    const payload = JSON.stringify({ query, operationName, variables, extensions }) ?? '';
    const text = bodyCut === undefined ? payload : payload.slice(0, bodyCut % (payload.length + 1));
    const all = contentType ? { ...headers, 'content-type': contentType } : headers;
    if (method === 'GET') {
      const search = new URLSearchParams();
      if (typeof query === 'string') search.set('query', query.slice(0, 4000));
      if (variables !== undefined) search.set('variables', (JSON.stringify(variables) ?? '').slice(0, 4000));
      return { method, path: `/graphql?${search}`, headers, body: null, signedIn, label: `GET ${JSON.stringify(query)?.slice(0, 80)}` };
    }
    return { method, path: '/graphql', headers: all, body: Buffer.from(text), signedIn, label: `${method} ${contentType} ${text.slice(0, 120)}` };
  });

const image = fixtureImage('horse.png');
const fileBody = fc.constantFrom('image', 'truncated', 'text', 'empty').map((kind) =>
  kind === 'image' ? image : kind === 'truncated' ? image.subarray(0, 4000) : kind === 'text' ? Buffer.from('not an image') : Buffer.alloc(0),
);

/** A GraphQL multipart request (an upload), taken apart and put together wrongly. */
const multipartRequest = fc
  .record({
    query: fc.oneof(fc.constant(ANALYZE_IMAGE), document),
    variables: fc.oneof(
      fc.constant({ feature: 'PLACES_CLASSIFICATION', image: null }),
      fc.record({ feature: scalar, image: fc.oneof(fc.constant(null), scalar), options: value, key: fc.oneof(fc.constant(null), scalar) }),
    ),
    map: fc.oneof(
      fc.constant('{"0":["variables.image"]}'),
      fc.constant('{"0":["variables.image"],"0":["variables.image"]}'),
      fc.constant('{"0":["variables.image","variables.image"]}'),
      fc.constant('{"0":["variables.__proto__"]}'),
      fc.constant('{"0":[]}'),
      fc.constant('[]'),
      fc.constant('{"0":["variables.image"],"1":["variables.feature"]}'),
      fc.string({ maxLength: 30 }),
    ),
    file: fileBody,
    fileName: fc.constantFrom('0', '1', 'operations', 'map', ''),
    order: fc.constantFrom('spec', 'file-first', 'map-first', 'no-map', 'no-operations', 'no-file', 'two-files', 'extra-field', 'many-parts'),
    close: fc.boolean(),
    cut: fc.oneof(fc.constant(undefined), fc.nat()),
    many: fc.integer({ min: 4, max: 2000 }),
    headers: oddHeaders,
    signedIn: fc.boolean(),
  })
  .map(({ query, variables, map, file, fileName, order, close, cut, many, headers, signedIn }): HostileRequest => {
    const operations: Part = { name: 'operations', body: JSON.stringify({ query, variables }) };
    const mapPart: Part = { name: 'map', body: map };
    const filePart: Part = { name: fileName, filename: 'photo.png', contentType: 'image/png', body: file };
    const orders: Record<typeof order, Part[]> = {
      spec: [operations, mapPart, filePart],
      'file-first': [filePart, operations, mapPart],
      'map-first': [mapPart, operations, filePart],
      'no-map': [operations, filePart],
      'no-operations': [mapPart, filePart],
      'no-file': [operations, mapPart],
      'two-files': [operations, mapPart, filePart, filePart],
      'extra-field': [operations, mapPart, { name: 'extra', body: 'x' }, filePart],
      'many-parts': [operations, mapPart, ...Array.from({ length: many }, (_, i) => ({ ...filePart, name: String(i), body: 'x' }))],
    };
    const { body, contentType } = multipartParts(orders[order], { close });
    const sent = cut === undefined ? body : body.subarray(0, cut % (body.length + 1));
    return {
      method: 'POST',
      path: '/graphql',
      headers: { 'apollo-require-preflight': 'true', ...headers, 'content-type': contentType },
      body: sent,
      signedIn,
      label: `multipart ${order} close=${close} cut=${cut} map=${map.slice(0, 40)} ${query.slice(0, 60)}`,
    };
  });

export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.oneof(jsonRequest, multipartRequest);
