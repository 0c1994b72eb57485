import { ApolloServer, HeaderMap } from '@apollo/server';
import { Lexer, Source, TokenKind } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { processRequest } from 'graphql-upload-ts';
import type { Logger } from '../core/logger';

export type MultipartParser = (req: IncomingMessage, res: ServerResponse) => Promise<unknown>;

export interface GraphQLHandlerOptions<Context extends object> {
  apollo: ApolloServer<Context>;
  buildContext(req: IncomingMessage, res: ServerResponse): Promise<Context>;
  logger: Logger;
  /** JSON bodies larger than this are refused with 413 before parsing. */
  maxJsonBytes: number;
  /** Reads a GraphQL multipart request (file uploads) into operations. */
  parseMultipart?: MultipartParser;
  /** Documents with more lexical tokens than this are refused before parsing. */
  maxTokens: number;
  /**
   * Headers every answer carries (security headers, request id), flat [name, value, …], in a
   * new array the handler may extend.
   */
  responseHeaders(req: IncomingMessage): string[];
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

function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body over ${limit} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > limit) return;
      const text = Buffer.concat(chunks, size).toString('utf8');
      if (text.length === 0) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON'));
      }
    });
  });
}

/**
 * Refuses documents with too many tokens (a cheap guard against huge documents) before Apollo
 * parses them; documents already seen are remembered so repeated queries are lexed once.
 */
function createTokenLimit(maxTokens: number) {
  const accepted = new Set<string>();
  return (query: unknown) => {
    if (typeof query !== 'string' || accepted.has(query)) return;
    const lexer = new Lexer(new Source(query));
    let count = 0;
    try {
      while (lexer.advance().kind !== TokenKind.EOF) {
        if (++count > maxTokens) {
          throw new HttpError(400, 'GRAPHQL_VALIDATION_FAILED', `The document has more than ${maxTokens} tokens`);
        }
      }
    } catch (error) {
      if (error instanceof HttpError) throw error;
      return; // A syntax error: Apollo's parser reports it properly.
    }
    if (accepted.size >= 1000) accepted.clear();
    accepted.add(query);
  };
}

/**
 * GraphQL over plain node:http, straight into Apollo's `executeHTTPGraphQLRequest`. The
 * express stack (router, body-parser, type-is, ETag) stays off this hot path: it cost more
 * per request than GraphQL itself.
 */
export function createGraphQLHandler<Context extends object>(options: GraphQLHandlerOptions<Context>) {
  const { apollo, buildContext, logger, maxJsonBytes, responseHeaders } = options;
  const parseMultipart: MultipartParser =
    options.parseMultipart ?? ((req, res) => processRequest(req, res, { maxFiles: 1 }));
  const tokenLimit = createTokenLimit(options.maxTokens);

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const contentType = req.headers['content-type'] ?? '';
      let body: unknown;
      if (method === 'POST') {
        body = contentType.startsWith('multipart/form-data')
          ? await parseMultipart(req, res)
          : await readJsonBody(req, maxJsonBytes);
      }
      tokenLimit((body as { query?: unknown } | undefined)?.query);
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const queryStart = req.url?.indexOf('?') ?? -1;
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers, search: queryStart >= 0 ? req.url!.slice(queryStart) : '', body },
        context: () => buildContext(req, res),
      });
      // One writeHead with a flat list: Node validates and writes each header once, where
      // setHeader also lowercases and stores every one (a tenth of this path's CPU).
      const headerList = responseHeaders(req);
      for (const [name, value] of response.headers) headerList.push(name, value);
      res.writeHead(response.status ?? 200, headerList);
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
      } else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      const known = error instanceof HttpError ? error : null;
      const status = known?.status ?? (error as { status?: number }).status ?? 500;
      if (!known && status >= 500) logger.error({ err: error }, 'GraphQL HTTP handler failed');
      const code = known?.code ?? (status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL');
      const message = known?.message ?? (status < 500 ? (error as Error).message : 'Internal server error');
      if (!res.headersSent) res.writeHead(status, responseHeaders(req).concat('content-type', 'application/json; charset=utf-8'));
      res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
    }
  };
}
