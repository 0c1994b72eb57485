import { ApolloServer, HeaderMap } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, withRequestId } from '../core/error-body';
import { ErrorCode } from '../core/errors';
import type { Logger } from '../core/logger';

/** A GraphQL multipart request (file uploads) read up to its operations. */
export interface MultipartBody {
  operations: unknown;
  /** Discards the file parts no resolver read, so the rest of the body can arrive. */
  discardUnread(): void;
}

export type MultipartParser = (req: IncomingMessage) => Promise<MultipartBody>;

export interface GraphQLHandlerOptions<Context extends object> {
  apollo: ApolloServer<Context>;
  buildContext(req: IncomingMessage, res: ServerResponse): Promise<Context>;
  logger: Logger;
  /** JSON bodies larger than this are refused with 413 before parsing. */
  maxJsonBytes: number;
  /** Reads a GraphQL multipart request (file uploads) into operations. */
  parseMultipart: MultipartParser;
  /** The largest multipart body: what is left of one is received (and discarded) before answering. */
  maxMultipartBytes: number;
  /**
   * Headers every answer carries (security headers, request id), flat [name, value, …], in a
   * new array the handler may extend.
   */
  responseHeaders(req: IncomingMessage): string[];
  /** The request's id, put into every error the handler answers itself. */
  requestId(req: IncomingMessage): string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Error codes of a well-formed GraphQL response to a document that cannot run (parse, validation, variables). */
const DOCUMENT_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);
const JSON_TYPE = 'application/json; charset=utf-8';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body over ${limit} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeListener('data', onData);
        reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', reject);
    req.on('end', () => {
      if (size > limit) return;
      const text = Buffer.concat(chunks, size).toString('utf8');
      if (text.length === 0) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, ErrorCode.BAD_REQUEST, 'The request body is not valid JSON'));
      }
    });
  });
}

/**
 * Receives (and discards) what is left of the request body, so the answer is not followed by a
 * connection reset while the client is still sending. False when more than `limit` bytes were
 * still to come or the connection failed: the answer then closes the connection.
 */
function receiveRest(req: IncomingMessage, limit: number): Promise<boolean> {
  if (req.complete) return Promise.resolve(true);
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(false);
  return new Promise((resolve) => {
    let size = 0;
    const done = (received: boolean) => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('close', onClose);
      if (!received) req.pause();
      resolve(received);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) done(false);
    };
    const onEnd = () => done(true);
    const onClose = () => done(req.complete);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.on('error', () => undefined);
    req.resume();
  });
}

/** What a POST body is: JSON, a multipart upload, or something refused with 415. */
function bodyKind(contentType: string | undefined): 'json' | 'multipart' | null {
  if (contentType === 'application/json') return 'json'; // what clients send: no parsing on the hot path
  const [type, ...parameters] = (contentType ?? '').toLowerCase().split(';').map((part) => part.trim());
  if (type === 'multipart/form-data') return 'multipart';
  if (type !== 'application/json') return null;
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice(8).replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8' ? 'json' : null;
}

type ErrorBody = { errors?: Array<{ extensions?: { code?: unknown } }> };

/**
 * The GraphQL-over-HTTP spec: a document that cannot run still gets a well-formed GraphQL
 * response, which under `application/json` is sent with 200 (legacy clients read the body of a
 * 200 only); `application/graphql-response+json` keeps Apollo's 4xx.
 */
function isDocumentErrorUnderJson(status: number, contentType: string | undefined, body: ErrorBody): boolean {
  if (status !== 400 || !contentType?.startsWith('application/json')) return false;
  const errors = body.errors;
  return !!errors?.length && errors.every((error) => DOCUMENT_ERROR_CODES.has(String(error.extensions?.code)));
}

/**
 * GraphQL over plain node:http, straight into Apollo's `executeHTTPGraphQLRequest`. The
 * express stack (router, body-parser, type-is, ETag) stays off this hot path: it cost more
 * per request than GraphQL itself.
 */
export function createGraphQLHandler<Context extends object>(options: GraphQLHandlerOptions<Context>) {
  const { apollo, buildContext, logger, maxJsonBytes, maxMultipartBytes, parseMultipart, responseHeaders, requestId } = options;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let bodyLimit = maxJsonBytes;
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      let body: unknown;
      let multipart: MultipartBody | null = null;
      if (method === 'POST') {
        const kind = bodyKind(req.headers['content-type']);
        if (kind === 'multipart') {
          bodyLimit = maxMultipartBytes;
          multipart = await parseMultipart(req);
          body = multipart.operations;
        } else if (kind === 'json') {
          body = await readJsonBody(req, maxJsonBytes);
        } else {
          throw new HttpError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the request as Content-Type: application/json (multipart/form-data for uploads)');
        }
      }
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const queryStart = req.url?.indexOf('?') ?? -1;
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers, search: queryStart >= 0 ? req.url!.slice(queryStart) : '', body },
        context: () => buildContext(req, res),
      });
      multipart?.discardUnread();
      const keepAlive = await receiveRest(req, bodyLimit);
      // One writeHead with a flat list: Node validates and writes each header once, where
      // setHeader also lowercases and stores every one (a tenth of this path's CPU).
      const headerList = responseHeaders(req);
      for (const [name, value] of response.headers) headerList.push(name, value);
      if (!keepAlive) headerList.push('Connection', 'close');
      let status = response.status ?? 200;
      if (response.body.kind === 'complete') {
        let text = response.body.string;
        if (status >= 400) {
          // Apollo wrote it without running a request (405, a 400 body, a failed context) or
          // refused the document: add the request id, and apply the spec's status for documents.
          const errorBody = parseJson(text) as ErrorBody | undefined;
          if (errorBody) {
            text = JSON.stringify(withRequestId(errorBody, requestId(req)));
            if (isDocumentErrorUnderJson(status, response.headers.get('content-type'), errorBody)) status = 200;
          }
        }
        res.writeHead(status, headerList);
        res.end(text);
      } else {
        res.writeHead(status, headerList);
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      // HttpError, and the multipart parser's refusals, carry a 4xx status and a code.
      const refusal = error as { status?: unknown; code?: unknown; message?: string };
      const refused = typeof refusal.status === 'number' && refusal.status >= 400 && refusal.status < 500;
      const status = refused ? (refusal.status as number) : 500;
      if (!refused) logger.error({ err: error }, 'GraphQL HTTP handler failed'); // the request scope adds its id
      const code = !refused ? ErrorCode.INTERNAL : typeof refusal.code === 'string' ? refusal.code : status === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.BAD_REQUEST;
      const message = refused ? String(refusal.message) : 'Internal server error';
      const keepAlive = await receiveRest(req, bodyLimit);
      if (res.headersSent) return void res.end();
      const headerList = responseHeaders(req).concat('content-type', JSON_TYPE);
      if (!keepAlive) headerList.push('Connection', 'close');
      res.writeHead(status, headerList);
      res.end(errorBody(message, code, requestId(req)));
    }
  };
}
