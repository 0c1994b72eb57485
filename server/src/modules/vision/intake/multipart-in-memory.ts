import busboy from 'busboy';
import { GraphQLError, GraphQLScalarType } from 'graphql';
import { FileUpload, Upload } from 'graphql-upload-ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { ErrorCode } from '../../../core/errors';

/**
 * GraphQL multipart requests (https://github.com/jaydenseric/graphql-multipart-request-spec)
 * with the file kept in memory. graphql-upload-ts's own processRequest buffers every upload into
 * a temporary file (fs-capacitor in os.tmpdir()); seed 001 §4 promises uploads are never written
 * to disk, so this processRequest hands the resolver the live multipart stream instead. The
 * stream is read once, by the resolver, with the size limit applied as it flows; a file nobody
 * read (the request failed before) is drained when the response closes.
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

const SPEC = '(see the GraphQL multipart request spec)';
const MAX_FIELD_BYTES = 1_000_000;

function setPath(target: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    const next = node?.[key];
    if (typeof next !== 'object' || next === null) throw new Error(`no ${path}`);
    node = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  // The spec puts null where a file goes; anything else means the map points at the wrong place.
  if (!node || node[last] !== null) throw new Error(`no null at ${path}`);
  node[last] = value;
}

export function processRequestInMemory<T>(
  request: IncomingMessage,
  response: Pick<ServerResponse, 'once'>,
  options: { maxFileSize: number; maxFiles: number },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let operations: Record<string, unknown> | null = null;
    let map: Map<string, Upload> | null = null;
    let failed: Error | null = null;
    const unread = new Set<Readable>();

    const parser = busboy({
      headers: request.headers,
      defParamCharset: 'utf8',
      limits: { fieldSize: MAX_FIELD_BYTES, fields: 2, fileSize: options.maxFileSize, files: options.maxFiles },
    });

    const exit = (error: MultipartError) => {
      if (failed) return;
      failed = error;
      for (const upload of map?.values() ?? []) if (!upload.file) upload.reject(error);
      request.unpipe(parser);
      parser.destroy();
      // Keep reading the body so the client gets the answer instead of a stalled upload.
      setImmediate(() => request.resume());
      reject(error);
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return exit(new MultipartError(413, ErrorCode.PAYLOAD_TOO_LARGE, `The ‘${name}’ field is too large`));
      if (name === 'operations') {
        try {
          operations = JSON.parse(value);
        } catch {
          return exit(new MultipartError(400, ErrorCode.BAD_USER_INPUT, `The ‘operations’ field is not JSON ${SPEC}`));
        }
        if (typeof operations !== 'object' || operations === null) {
          return exit(new MultipartError(400, ErrorCode.BAD_USER_INPUT, `The ‘operations’ field must be an object ${SPEC}`));
        }
      } else if (name === 'map') {
        if (!operations) return exit(new MultipartError(400, ErrorCode.BAD_USER_INPUT, `‘map’ must follow ‘operations’ ${SPEC}`));
        let parsed: unknown;
        try {
          parsed = JSON.parse(value);
        } catch {
          return exit(new MultipartError(400, ErrorCode.BAD_USER_INPUT, `The ‘map’ field is not JSON ${SPEC}`));
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          return exit(new MultipartError(400, ErrorCode.BAD_USER_INPUT, `The ‘map’ field must be an object ${SPEC}`));
        }
        const entries = Object.entries(parsed as Record<string, unknown>);
        if (entries.length > options.maxFiles) {
          return exit(new MultipartError(413, ErrorCode.PAYLOAD_TOO_LARGE, `At most ${options.maxFiles} file per request`));
        }
        map = new Map();
        for (const [fileField, paths] of entries) {
          if (!Array.isArray(paths)) return exit(new MultipartError(400, ErrorCode.BAD_USER_INPUT, `‘map’ entries must be arrays ${SPEC}`));
          const upload = new Upload();
          map.set(fileField, upload);
          for (const path of paths) {
            try {
              setPath(operations, String(path), upload);
            } catch {
              return exit(new MultipartError(400, ErrorCode.BAD_USER_INPUT, `‘map’ points at ${String(path)}, which is not a null variable ${SPEC}`));
            }
          }
        }
        resolve(operations as T);
      }
    });

    parser.on('file', (name, stream, info) => {
      const upload = map?.get(name);
      if (!upload || upload.file) {
        stream.resume();
        return;
      }
      unread.add(stream);
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
    });

    parser.once('filesLimit', () => exit(new MultipartError(413, ErrorCode.PAYLOAD_TOO_LARGE, `At most ${options.maxFiles} file per request`)));
    parser.once('finish', () => {
      if (!operations) return exit(new MultipartError(400, ErrorCode.BAD_USER_INPUT, `The ‘operations’ field is missing ${SPEC}`));
      if (!map) return exit(new MultipartError(400, ErrorCode.BAD_USER_INPUT, `The ‘map’ field is missing ${SPEC}`));
      for (const upload of map.values()) {
        if (!upload.file) upload.reject(new MultipartError(400, ErrorCode.BAD_USER_INPUT, 'The file is missing from the request'));
      }
    });
    parser.on('error', () => exit(new MultipartError(400, ErrorCode.BAD_USER_INPUT, `The multipart body is malformed ${SPEC}`)));

    response.once('close', () => {
      for (const stream of unread) stream.resume();
      unread.clear();
    });
    request.once('close', () => {
      if (!request.readableEnded) exit(new MultipartError(499, ErrorCode.BAD_USER_INPUT, 'The request ended during the upload'));
    });
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
