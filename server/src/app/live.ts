import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GraphQLError,
  type ExecutionArgs,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import type { Config } from '../core/config';
import { AppError, ErrorCode, isDatabaseUnavailable } from '../core/errors';
import type { Logger } from '../core/logger';
import { withTimeLimit } from '../core/time-limit';
import { createErrorFormatter } from '../graphql/format-error';
import type { ViewerContext } from '../modules/auth';
import type { LiveJobsContext } from '../modules/jobs';
import type { AppServices } from './services';

/** Limits of one live connection. */
export const LIVE_LIMITS = {
  /** Largest WebSocket message accepted; a bigger one closes the socket (1009). */
  maxPayloadBytes: 64 * 1024,
  /** Time a client has to send `connection_init` after the upgrade (else 4408). */
  connectionInitWaitTimeoutMs: 5_000,
  /** Subscriptions one socket may hold at once; one more is refused LIMIT_EXCEEDED. */
  maxSubscriptionsPerSocket: 20,
  /** Ping interval; a socket that does not answer within it is terminated. */
  keepAliveMs: 12_000,
  /** How long shutdown waits for clients to answer the 1001 close before cutting their sockets. */
  closeWaitMs: 2_000,
} as const;

const PATH = '/graphql';

interface Connection {
  requestId: string;
  ip: string;
  /** The credentials the connection authenticated with, checked again before each update. */
  headers: { cookie?: string; authorization?: string };
  auth: Awaited<ReturnType<AppServices['auth']['resolveViewer']>> | null;
}
type LiveExtra = Extra & { connection?: Connection };

export interface LiveServer {
  /** Sockets open now. */
  readonly size: number;
  /** Refuses new upgrades, closes every socket with 1001 ("going away") and waits for them to go. */
  close(): Promise<void>;
}

/**
 * GraphQL subscriptions over graphql-ws on the HTTP server's own port and path (`/graphql`).
 * A connection authenticates with the session cookie of its upgrade request (from the app's
 * origins only) or an API token in `connection_init` (`{ authorization: "Bearer <token>" }`),
 * resolved as for HTTP; operations are checked with the same document limits as HTTP and only
 * subscriptions are served (queries and mutations go over HTTP). Each update is delivered only
 * while the session or token is still live (checked before each one, through the viewer cache
 * that revocations clear at once).
 */
export function attachLive(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  services: AppServices;
  config: Config;
  logger: Logger;
  validationRules: readonly ValidationRule[];
  clientIp: (req: http.IncomingMessage) => string;
}): LiveServer {
  const { httpServer, schema, services, config, logger, clientIp } = options;
  const rules = [...specifiedRules, ...options.validationRules];
  const format = createErrorFormatter(!config.production);
  const formatAll = (errors: readonly GraphQLError[], requestId: string): GraphQLFormattedError[] =>
    errors.map((error) => {
      if (!isExpectedCode(error)) logger.error({ err: error.originalError ?? error, requestId }, 'live operation failed');
      return format(error.toJSON(), error);
    });
  const appOrigins = new Set([...config.corsOrigins, new URL(config.publicUrl).origin]);
  let closing = false;
  let closed: Promise<void> | null = null;

  const wss = new WebSocketServer({ noServer: true, maxPayload: LIVE_LIMITS.maxPayloadBytes });

  httpServer.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that vanishes mid-handshake must not take the process down.
    socket.on('error', () => socket.destroy());
    const url = req.url ?? '';
    if (url !== PATH && !url.startsWith(`${PATH}?`)) return void socket.destroy();
    if (closing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const incomingId = req.headers['x-request-id'];
    const requestId = typeof incomingId === 'string' && /^[\w.-]{1,64}$/.test(incomingId) ? incomingId : randomUUID();
    const origin = req.headers.origin;
    // A browser page of another origin must not ride on the user's cookie (cross-site WebSocket hijacking).
    const cookieAllowed = !origin || appOrigins.has(origin) || sameHost(origin, req.headers.host);
    const connection: Connection = {
      requestId,
      ip: clientIp(req),
      headers: { cookie: cookieAllowed ? req.headers.cookie : undefined },
      auth: null,
    };
    wss.handleUpgrade(req, socket, head, (ws) => {
      (ws as WebSocket & { connection?: Connection }).connection = connection;
      wss.emit('connection', ws, req);
    });
  });

  // A client's protocol error (an oversized or malformed frame) is the client's: ws closes the
  // socket with the matching code (1009, 1002, 1007) by itself; one info line says why.
  const onSocketError = function (this: WebSocket & { connection?: Connection }, error: Error) {
    logger.info({ requestId: this.connection?.requestId, reason: error.message }, 'live connection error');
  };
  wss.on('connection', (ws: WebSocket & { connection?: Connection }) => {
    ws.on('error', onSocketError);
    logger.info({ requestId: ws.connection!.requestId }, 'live connection opened');
  });

  const stillAllowed = (connection: Connection) => async () => {
    const now = await services.auth.resolveViewer(connection.headers);
    return !!now.viewer && now.viewer.userId === connection.auth?.viewer?.userId;
  };

  const server = useServer<Record<string, unknown> | undefined, { connection: Connection }>(
    {
      schema,
      connectionInitWaitTimeout: LIVE_LIMITS.connectionInitWaitTimeoutMs,
      onConnect: async (ctx: WsContext<Record<string, unknown> | undefined, LiveExtra>) => {
        const connection = connectionOf(ctx);
        const authorization = ctx.connectionParams?.authorization;
        // A token in connection_init replaces the cookie; anything but a string is no token.
        if (authorization !== undefined) connection.headers = { authorization: typeof authorization === 'string' ? authorization : 'Bearer -' };
        try {
          connection.auth = await services.auth.resolveViewer(connection.headers);
          return true;
        } catch (error) {
          // Not graphql-ws's 4500 with a line on stderr: 1013 (try again later) when the database is away.
          const unavailable = isDatabaseUnavailable(error);
          if (!unavailable) logger.error({ err: error, requestId: connection.requestId }, 'live connection: authentication failed');
          ctx.extra.socket.close(unavailable ? 1013 : 1011, unavailable ? 'The service is briefly unavailable; retry' : 'Internal server error');
          return false;
        }
      },
      onSubscribe: (ctx: WsContext<Record<string, unknown> | undefined, LiveExtra>, id, payload): ExecutionArgs | readonly GraphQLError[] => {
        const connection = connectionOf(ctx);
        if (Object.keys(ctx.subscriptions).length > LIVE_LIMITS.maxSubscriptionsPerSocket) {
          return [
            new AppError(ErrorCode.LIMIT_EXCEEDED, `At most ${LIVE_LIMITS.maxSubscriptionsPerSocket} subscriptions per connection; open another connection or end one`),
          ];
        }
        if (connection.auth?.authError) return [new AppError(ErrorCode.UNAUTHENTICATED, connection.auth.authError)];
        let document;
        try {
          document = parse(String(payload.query ?? ''), { maxTokens: config.queryLimits.maxTokens });
        } catch (error) {
          return [requestError(error, 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) return errors.map((error) => requestError(error, 'GRAPHQL_VALIDATION_FAILED'));
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation) return [requestError(new GraphQLError('Unable to identify the operation'), 'BAD_REQUEST')];
        if (operation.operation !== 'subscription') {
          return [new AppError(ErrorCode.BAD_REQUEST, 'Only subscriptions are served over WebSocket; send queries and mutations over HTTP')];
        }
        const req = ctx.extra.request;
        const auth = connection.auth;
        const contextValue: ViewerContext & LiveJobsContext & { services: AppServices } = {
          viewer: auth?.viewer ?? null,
          currentUser: auth?.user ?? null,
          ip: connection.ip,
          userAgent: req.headers['user-agent'] ?? null,
          requestId: connection.requestId,
          setCookie: () => undefined,
          req,
          // No HTTP response exists on a live connection: an inert one that is never sent.
          res: new http.ServerResponse(req),
          services,
          stillAllowed: stillAllowed(connection),
        };
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
      },
      onError: (ctx: WsContext<Record<string, unknown> | undefined, LiveExtra>, _id, _payload, errors) => formatAll(errors, connectionOf(ctx).requestId),
      onNext: (ctx: WsContext<Record<string, unknown> | undefined, LiveExtra>, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: formatAll(result.errors, connectionOf(ctx).requestId) } : undefined,
      onClose: (ctx: WsContext<Record<string, unknown> | undefined, LiveExtra>, code) => {
        logger.info({ requestId: connectionOf(ctx).requestId, code }, 'live connection closed');
      },
    },
    wss,
    LIVE_LIMITS.keepAliveMs,
  );
  // graphql-ws's own socket error listener writes the error with its stack to stderr (outside
  // the JSON log) and closes with 1011; ours above is enough.
  wss.on('connection', (ws: WebSocket) => {
    for (const listener of ws.listeners('error')) if (listener !== onSocketError) ws.off('error', listener as () => void);
  });

  return {
    get size() {
      return wss.clients.size;
    },
    close: () => (closed ??= closeAll()),
  };

  async function closeAll(): Promise<void> {
    closing = true;
    const sockets = [...wss.clients];
    const gone = sockets.map((ws) =>
      ws.readyState === WebSocket.CLOSED ? Promise.resolve() : new Promise<void>((resolve) => ws.once('close', () => resolve())),
    );
    for (const ws of sockets) ws.close(1001, 'Going away: the server is shutting down');
    await withTimeLimit(Promise.all(gone), LIVE_LIMITS.closeWaitMs);
    // A client that did not answer the close handshake in time is cut.
    for (const ws of wss.clients) ws.terminate();
    await server.dispose();
  }
}

function connectionOf(ctx: WsContext<Record<string, unknown> | undefined, LiveExtra>): Connection {
  return (ctx.extra.socket as WebSocket & { connection: Connection }).connection;
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}

const EXPECTED = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']);
function isExpectedCode(error: GraphQLError): boolean {
  const code = error.extensions?.code;
  return typeof code === 'string' && (EXPECTED.has(code) || Object.values(ErrorCode).includes(code as ErrorCode));
}

/** A refusal of the document itself, with the code Apollo gives it over HTTP. */
function requestError(error: unknown, code: string): GraphQLError {
  const message = error instanceof Error ? error.message : String(error);
  const extensions = error instanceof GraphQLError ? error.extensions : {};
  return new GraphQLError(message, { extensions: { ...extensions, code: extensions.code ?? code } });
}
