import busboy from 'busboy';
import { GraphQLError, GraphQLScalarType } from 'graphql';
import { FileUpload, Upload } from 'graphql-upload-ts';
import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { ErrorCode } from '../../../core/errors';
import { formatBytes } from './safe-fetch';

/**
 * GraphQL multipart requests (https://github.com/jaydenseric/graphql-multipart-request-spec)
 * with the file kept in memory. graphql-upload-ts's own processRequest buffers every upload into
 * a temporary file (fs-capacitor in os.tmpdir()); seed 001 §4 promises uploads are never written
 * to disk, so this processRequest hands the resolver the live multipart stream instead. The
 * stream is read once, by the resolver, with the size limit applied as it flows.
 *
 * The operations are handed over only once every mapped file has begun, so a body that is
 * malformed up to there (no map, a file before the map or not in it, too many parts) is refused
 * before anything runs. A file's stream ends only when the whole body has been read and found
 * well-formed: what goes wrong later (a truncated or aborted body, a part too many) destroys it
 * with the error, so the resolver reading it fails, never charges for a broken request and never
 * waits forever. No stream is left without an error listener.
 */

/** What a resolver receives for an `Upload` argument (graphql-upload-ts's shape, stream-backed). */
export interface InMemoryUpload {
  readonly filename: string;
  readonly fieldName: string;
  readonly mimetype: string;
  readonly encoding: string;
  /** The file as it arrives; it can be read once. */
  createReadStream(): Readable;
}

/** A refused multipart request; the GraphQL HTTP handler answers with `status`. */
export class MultipartError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A multipart request whose operations are ready to execute. */
export interface MultipartOperations<T> {
  operations: T;
  /** Discards every file part nobody read (now and to come), so the rest of the body flows in. */
  discardUnread(): void;
}

const SPEC = '(see the GraphQL multipart request spec)';
const MAX_FIELD_BYTES = 1_000_000;
/** Part headers, boundaries and the two JSON fields around the file. */
const OVERHEAD_BYTES = 2 * MAX_FIELD_BYTES + 64 * 1024;

/** A part's name as the client sent it, for messages (busboy gives none for `name=""`). */
const shown = (name: string | undefined) => String(name ?? '').slice(0, 100);
const badRequest = (message: string) => new MultipartError(400, ErrorCode.BAD_USER_INPUT, `${message} ${SPEC}`);
const tooLarge = (message: string) => new MultipartError(413, ErrorCode.PAYLOAD_TOO_LARGE, message);

/** The largest multipart body accepted with files of at most `maxFileSize` bytes each. */
export const maxMultipartBytes = (options: { maxFileSize: number; maxFiles: number }) =>
  options.maxFileSize * options.maxFiles + OVERHEAD_BYTES;

/** A field's value parsed as a JSON object, or the refusal when it is not JSON or not an object. */
function jsonObject(name: 'operations' | 'map', value: string): Record<string, unknown> | MultipartError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return badRequest(`The ‘${name}’ field is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return badRequest(`The ‘${name}’ field must be an object`);
  return parsed as Record<string, unknown>;
}

function setPath(target: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (typeof next !== 'object' || next === null) throw new Error(`no ${path}`);
    node = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  // The spec puts null where a file goes; anything else means the map points at the wrong place.
  if (!Object.hasOwn(node, last) || node[last] !== null) throw new Error(`no null at ${path}`);
  node[last] = value;
}

/**
 * Whether a JSON object text names a key twice at its top level: JSON.parse keeps the last
 * silently, so `{"0": [a], "0": [b]}` would otherwise be read as something the client did not mean.
 */
function hasDuplicateTopLevelKey(json: string): boolean {
  const seen = new Set<string>();
  let depth = 0;
  let last = '';
  for (const [token] of json.matchAll(/"(?:[^"\\]|\\.)*"|[{}[\]:]/g)) {
    if (token === '{' || token === '[') depth++;
    else if (token === '}' || token === ']') depth--;
    else if (token === ':' && depth === 1) {
      if (seen.has(last)) return true;
      seen.add(last);
    }
    last = token;
  }
  return false;
}

export function processRequestInMemory<T>(
  request: IncomingMessage,
  options: {
    maxFileSize: number;
    maxFiles: number;
    /** A batch operation (told by `isBatch` from ‘operations’) may carry this many files instead. */
    batch?: { maxFiles: number; isBatch: (operations: Record<string, unknown>) => boolean };
  },
): Promise<MultipartOperations<T>> {
  return new Promise<MultipartOperations<T>>((resolve, reject) => {
    let operations: Record<string, unknown> | null = null;
    let map: Map<string, Upload> | null = null;
    let failed: Error | null = null;
    let handedOver = false;
    let discarding = false;
    /** File streams still flowing, and those of them no resolver has taken. */
    const flowing = new Set<PassThrough>();
    const unread = new Set<Readable>();
    const ceilingFiles = Math.max(options.maxFiles, options.batch?.maxFiles ?? 0);
    const singleBytes = maxMultipartBytes(options);
    const declared = Number(request.headers['content-length']);
    let allowedFiles = options.maxFiles;
    // Until ‘operations’ tells whether this is a batch, a batch's size may still come.
    let maxBytes = maxMultipartBytes({ maxFileSize: options.maxFileSize, maxFiles: ceilingFiles });
    let batch = false;
    let files = 0;
    let received = 0;

    let parser: ReturnType<typeof busboy>;
    try {
      parser = busboy({
        headers: request.headers,
        defParamCharset: 'utf8',
        limits: {
          fieldSize: MAX_FIELD_BYTES,
          fields: 2,
          fileSize: options.maxFileSize,
          files: ceilingFiles,
          // Busboy signals reaching this count, not passing it: one more than a request needs.
          parts: ceilingFiles + 3,
        },
      });
    } catch {
      return reject(badRequest('The multipart content type has no usable boundary'));
    }

    const handOver = () => {
      handedOver = true;
      resolve({
        operations: operations as T,
        discardUnread: () => {
          discarding = true;
          for (const stream of unread) stream.resume();
          unread.clear();
        },
      });
    };

    const exit = (refusal: MultipartError) => {
      if (failed) return;
      // A body over the one-file size that turned out not to be a sound batch was too large first of all.
      const error = !batch && (declared > singleBytes || received > singleBytes) ? tooLarge(`The request is over ${singleBytes} bytes`) : refusal;
      failed = error;
      for (const upload of map?.values() ?? []) if (!upload.file) upload.reject(error);
      for (const stream of flowing) stream.destroy(error);
      flowing.clear();
      unread.clear();
      request.unpipe(parser);
      request.removeListener('data', count);
      // Not from inside one of busboy's own events: it goes on using the part it emitted.
      setImmediate(() => parser.destroy());
      // unpipe paused the request: the handler receives (and discards) the rest before answering.
      request.resume();
      reject(error);
    };

    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) exit(tooLarge(`The request is over ${maxBytes} bytes`));
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return exit(tooLarge(`The ‘${shown(name)}’ field is too large`));
      if (name === 'operations') {
        if (operations) return exit(badRequest('‘operations’ is sent twice'));
        const parsed = jsonObject('operations', value);
        if (parsed instanceof MultipartError) return exit(parsed);
        operations = parsed;
        batch = options.batch?.isBatch(operations) ?? false;
        allowedFiles = batch ? options.batch!.maxFiles : options.maxFiles;
        maxBytes = maxMultipartBytes({ maxFileSize: options.maxFileSize, maxFiles: allowedFiles });
        if (declared > maxBytes || received > maxBytes) return exit(tooLarge(`The request is over ${maxBytes} bytes`));
      } else if (name === 'map') {
        if (!operations) return exit(badRequest('‘map’ must follow ‘operations’'));
        const parsed = jsonObject('map', value);
        if (parsed instanceof MultipartError) return exit(parsed);
        if (hasDuplicateTopLevelKey(value)) return exit(badRequest('The ‘map’ field names a file twice'));
        const entries = Object.entries(parsed);
        if (entries.length > allowedFiles) return exit(tooLarge(`At most ${allowedFiles} file per request`));
        map = new Map();
        for (const [fileField, paths] of entries) {
          if (!Array.isArray(paths) || paths.length === 0) return exit(badRequest('‘map’ entries must be non-empty arrays'));
          const upload = new Upload();
          map.set(fileField, upload);
          for (const path of paths) {
            try {
              setPath(operations, String(path), upload);
            } catch {
              return exit(badRequest(`‘map’ points at ${String(path).slice(0, 100)}, which is not a null variable`));
            }
          }
        }
        // Several files (a batch): the resolver must read them as they arrive, or the first one's
        // unread bytes would hold back the parts behind it.
        if (map.size !== 1) handOver();
      } else {
        return exit(badRequest(`Unexpected field ‘${shown(name)}’: only ‘operations’, ‘map’ and files`));
      }
    });

    parser.on('file', (name, part, info) => {
      // Busboy emits errors on the part's stream (a truncated body); unheard, one would end the process.
      part.on('error', () => undefined);
      if (failed) return void part.resume();
      if (++files > allowedFiles) return exit(tooLarge(`At most ${allowedFiles} file per request`));
      const upload = map?.get(name);
      if (!map) return exit(badRequest('Files must follow ‘operations’ and ‘map’'));
      if (!upload) return exit(badRequest(`The file part ‘${shown(name)}’ is not in ‘map’`));
      if (upload.file) return exit(badRequest(`The file part ‘${shown(name)}’ is sent twice`));
      part.once('limit', () => exit(tooLarge(`The image is larger than ${formatBytes(options.maxFileSize)}`)));
      // What the resolver reads: the part's bytes, ended once the whole body is known to be sound.
      const stream = new PassThrough();
      stream.on('error', () => undefined);
      part.pipe(stream, { end: false });
      flowing.add(stream);
      if (discarding) stream.resume();
      else unread.add(stream);
      const file: InMemoryUpload = {
        fieldName: name,
        filename: info.filename ?? '',
        mimetype: info.mimeType,
        encoding: info.encoding,
        createReadStream: () => {
          if (failed) throw failed;
          if (!unread.delete(stream)) throw new Error('An upload can be read only once');
          return stream;
        },
      };
      upload.resolve(file as unknown as FileUpload);
      if (!handedOver && [...map.values()].every((each) => each.file)) handOver();
    });

    parser.once('fieldsLimit', () => exit(badRequest('Only the ‘operations’ and ‘map’ fields may accompany the files')));
    parser.once('filesLimit', () => exit(tooLarge(`At most ${options.maxFiles} file per request`)));
    parser.once('partsLimit', () => exit(tooLarge(`At most ${options.maxFiles + 2} parts per request`)));
    parser.once('finish', () => {
      if (failed) return;
      if (handedOver) {
        for (const stream of flowing) stream.end();
        return flowing.clear();
      }
      if (!operations) return exit(badRequest('The ‘operations’ field is missing'));
      if (!map) return exit(badRequest('The ‘map’ field is missing'));
      exit(badRequest(`The file ${[...map].find(([, upload]) => !upload.file)?.[0]} is missing from the request`));
    });
    parser.on('error', () => exit(badRequest('The multipart body is malformed or ends too soon')));
    request.once('close', () => {
      if (!request.readableEnded) exit(badRequest('The request ended during the upload'));
    });

    if (declared > maxBytes) return exit(tooLarge(`The request is over ${maxBytes} bytes`));
    request.on('data', count);
    request.pipe(parser);
  });
}

/**
 * The `Upload` scalar (graphql-upload-ts's, with typed errors): a value that is not a file of a
 * multipart request is the caller's mistake, BAD_USER_INPUT, not an internal error.
 */
export const UploadScalar = new GraphQLScalarType({
  name: 'Upload',
  description: 'A file sent as a part of a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec)',
  parseValue(value: unknown) {
    if (value instanceof Upload) return value.promise;
    throw new GraphQLError('Send the file as a part of a multipart request, not as a JSON value', {
      extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'image' },
    });
  },
  parseLiteral() {
    throw new GraphQLError('Files can only be sent as variables of a multipart request', { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  },
  serialize() {
    throw new GraphQLError('Upload is an input-only type');
  },
});
