import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { clientIpResolver } from '../core/client-ip';
import { createHttpSecurity } from '../core/http-security';
import { HttpDrain } from '../core/http-drain';
import { systemClock } from '../core/clock';
import { errorBody, withRequestId } from '../core/error-body';
import { AppError, ErrorCode, isDatabaseUnavailable } from '../core/errors';
import { RequestInfo, RequestObserver, attachRequestInfo, requestInfo } from '../core/request-info';
import { createLogger, requestScope } from '../core/logger';
import { createErrorFormatter } from '../graphql/format-error';
import { createGraphQLHandler } from '../graphql/http-handler';
import { queryLimitProtection } from '../graphql/limits';
import { requestIdPlugin } from '../graphql/request-id.plugin';
import { textInputPlugin } from '../graphql/text-input.plugin';
import { modules } from '../modules';
import { ViewerContext, dropViewerAfterMutation } from '../modules/auth';
import { MAX_BATCH_ITEMS } from '../modules/jobs';
import { maxMultipartBytes, processRequestInMemory } from '../modules/vision';
import { buildAppSchema } from './schema';
import { listen } from './listen';
import { attachLive } from './live';
import { Runners } from './runners';
import { AppServices, ProcessOptions, RunningProcess, buildServices, initializeModules, releaseSteps, runClosingSteps } from './services';

/** The GraphQL context of the API: the request, its caller's row, and the services (for middleware). */
export interface AppContext extends ViewerContext {
  services: AppServices;
}

type HttpRoute = (app: express.Express, services: AppServices) => void;
type RequestObserverFactory = (services: AppServices) => RequestObserver;
const httpRoutes = modules.flatMap((module) => (module.httpRoutes ?? []) as readonly HttpRoute[]);
const requestObservers = modules.flatMap((module) => (module.requestObservers ?? []) as readonly RequestObserverFactory[]);

export interface RunningApp extends RunningProcess {
  /**
   * Graceful: live sockets are closed (1001), new requests get 503, in-flight ones finish (for up to `shutdownTimeoutMs`, then
   * their sockets are cut), then the background runners stop (jobs in hand get what is left of
   * `shutdownTimeoutMs`), then timers, listeners, workers and connections are released; each
   * step is logged. The data source is the caller's to destroy.
   */
  close(): Promise<{ cut: number }>;
}

export type AppOptions = ProcessOptions;

const GRAPHQL_PATH = '/graphql';
const KEEP_ALIVE_MS = 65_000;

const serviceUnavailable = () =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The service is briefly unavailable; retry in a few seconds', {
    retryAfter: 2,
    http: { status: 503 },
  });

/**
 * One HTTP server: `/graphql` goes straight to Apollo through a lean node:http handler (the hot
 * path); everything else (webhooks, downloads, health, the built client) goes through express.
 */
export async function startApp({ config, dataSource, clock = systemClock, logger = createLogger() }: AppOptions): Promise<RunningApp> {
  const services = buildServices(config, dataSource, logger, clock);
  initializeModules(services);

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('trust proxy', config.trustProxy);
  // Every error answer of an express route carries the request id (the GraphQL handler adds its own).
  const sendJson = app.response.json;
  app.response.json = function (this: express.Response, body: unknown) {
    const requestId = requestInfo(this.req)?.requestId;
    return sendJson.call(this, this.statusCode >= 400 && requestId ? withRequestId(body, requestId) : body);
  };
  const clientIp = clientIpResolver(config.trustProxy);

  let graphqlHandler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> = async () => undefined;
  const observers = requestObservers.map((create) => create(services));
  // One shared 'finish' listener (`this` is the response): no closure per request.
  function onResponseFinished(this: http.ServerResponse) {
    const info = requestInfo(this.req);
    if (info) for (const observe of observers) observe(info);
  }
  const security = createHttpSecurity(config);
  const httpServer = http.createServer((req, res) => {
    const incomingId = req.headers['x-request-id'];
    const info: RequestInfo = {
      req,
      res,
      ip: clientIp(req),
      requestId: typeof incomingId === 'string' && /^[\w.-]{1,64}$/.test(incomingId) ? incomingId : randomUUID(),
      startedAt: process.hrtime.bigint(),
      viewer: null,
    };
    attachRequestInfo(info);
    // Every line logged while serving the request, on either path, carries its id.
    requestScope.run(info, route, info);
  });
  function route(info: RequestInfo) {
    const { req, res } = info;
    res.on('finish', onResponseFinished);
    if (!drain.admit(res, info.requestId)) return;
    const url = req.url ?? '/';
    const graphql = url === GRAPHQL_PATH || url.startsWith(`${GRAPHQL_PATH}?`);
    if (graphql && req.method !== 'OPTIONS') {
      // Sends the security headers and the request id itself, with its answer (`responseHeaders`).
      void graphqlHandler(req, res);
      return;
    }
    res.setHeader('X-Request-Id', info.requestId);
    if (security.apply(req, res)) return;
    // An OPTIONS that is no allowed CORS preflight: Apollo's typed 405, as for any other method.
    if (graphql) void graphqlHandler(req, res);
    else app(req, res);
  }
  // Idle keep-alive connections stay open longer than a proxy's or a client's own idle limit (60 s
  // in nginx and most load balancers): the side that closes first is the client, so no request is
  // ever written onto a socket the server has just closed (EPIPE / "other side closed" under load).
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  httpServer.headersTimeout = KEEP_ALIVE_MS + 1_000;
  const drain = new HttpDrain(httpServer);

  // What node:http cannot parse (headers over 16 KB, broken syntax, a timeout) is answered with a
  // typed JSON error too, not Node's empty 400/431.
  httpServer.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const [status, code, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE, 'The request headers are too large']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, ErrorCode.REQUEST_TIMEOUT, 'The request took too long to arrive']
          : [400, ErrorCode.BAD_REQUEST, 'The request is not valid HTTP'];
    const requestId = randomUUID();
    const body = errorBody(message, code, requestId);
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  const limits = queryLimitProtection(config.queryLimits);
  const schema = await buildAppSchema(services);
  const apollo = new ApolloServer<AppContext>({
    schema,
    introspection: true,
    allowBatchedHttpRequests: false,
    // The parser stops at the limit: a huge document costs no more than a refused one.
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    includeStacktraceInErrorResponses: !config.production,
    formatError: createErrorFormatter(!config.production),
    validationRules: limits.validationRules,
    // The app owns shutdown (main.ts): Apollo's own SIGTERM handler would stop it under our feet.
    stopOnTerminationSignals: false,
    plugins: [
      // No cache hints are used; the default cache-control plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      // An API answers JSON: no HTML landing page for a browser's GET in production.
      ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : []),
      requestIdPlugin(logger),
      textInputPlugin(),
      dropViewerAfterMutation(services.auth.viewers),
      ...limits.plugins,
    ],
  });
  await apollo.start();
  await services.auth.viewers.start();
  await services.sessions.live.start();
  // VISION_WORKERS=0 leaves jobs (and so every model) to the worker processes.
  const runners = config.workers.runsJobs ? Runners.of(services, logger) : Runners.none(logger);
  if (!config.workers.runsJobs) logger.info('VISION_WORKERS=0: this process runs no jobs and loads no model; worker processes run them');
  await runners.start();

  // One file per request, but a batch (submitAnalyses) may carry up to MAX_BATCH_ITEMS.
  const uploadLimits = {
    maxFileSize: config.vision.maxImageBytes,
    maxFiles: 1,
    batch: {
      maxFiles: MAX_BATCH_ITEMS,
      isBatch: (operations: Record<string, unknown>) => typeof operations.query === 'string' && /\bsubmitAnalyses\b/.test(operations.query),
    },
  };
  graphqlHandler = createGraphQLHandler<AppContext>({
    apollo,
    logger,
    maxJsonBytes: 1024 * 1024,
    responseHeaders: (req) => security.headersFor(req).concat('X-Request-Id', requestInfo(req)!.requestId),
    requestId: (req) => requestInfo(req)!.requestId,
    // Uploads stay in memory (seed 001 §4); graphql-upload-ts's default would buffer them to a temp file.
    parseMultipart: (req) => processRequestInMemory(req, uploadLimits),
    maxMultipartBytes: maxMultipartBytes({ maxFileSize: uploadLimits.maxFileSize, maxFiles: MAX_BATCH_ITEMS }),
    buildContext: async (req, res) => {
      const { viewer, user, authError } = await services.auth.resolveViewer(req.headers).catch((error: unknown) => {
        throw isDatabaseUnavailable(error) ? serviceUnavailable() : error;
      });
      // A dead API token fails every operation, `me` and public ones included, so an
      // integration learns at once (rather than reading `me: null` as "signed out").
      if (authError) throw new AppError(ErrorCode.UNAUTHENTICATED, authError, { http: { status: 401 } });
      const info = requestInfo(req)!;
      info.viewer = viewer;
      return {
        viewer,
        currentUser: user,
        ip: info.ip,
        userAgent: req.headers['user-agent'] ?? null,
        requestId: info.requestId,
        setCookie: (cookie) => res.appendHeader('Set-Cookie', cookie),
        req,
        res,
        services,
      };
    },
  });

  for (const install of httpRoutes) install(app, services);
  // Subscriptions (graphql-ws) on the same port and path, through the HTTP server's 'upgrade'.
  const live = attachLive({ httpServer, schema, services, config, logger, validationRules: limits.validationRules, clientIp });

  if (config.clientDist) {
    const clientDist = config.clientDist;
    app.use(express.static(clientDist, { index: false }));
    // The dashboard's routes for a browser navigating (it asks for text/html); any other client
    // of an unknown path gets the typed JSON 404 below.
    app.get('/{*path}', (req, res, next) => {
      if (!/\btext\/html\b/.test(req.headers.accept ?? '')) return next();
      res.sendFile(path.join(clientDist, 'index.html'));
    });
  }

  // No route: a typed JSON 404, not express's HTML page.
  app.use((req: express.Request, res: express.Response) => {
    res.status(404).json({ errors: [{ message: `No route ${req.method} ${req.path.slice(0, 200)}`, extensions: { code: ErrorCode.NOT_FOUND } }] });
  });
  // Last resort for express routes: a typed JSON error, never an HTML page or a stack trace.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const unavailable = isDatabaseUnavailable(error);
    const given = (error as { status?: unknown }).status;
    const status = unavailable ? 503 : typeof given === 'number' && given >= 400 && given < 600 ? given : 500;
    if (status >= 500 && !unavailable) logger.error({ err: error }, 'HTTP route failed');
    if (res.headersSent) return;
    const code = unavailable
      ? ErrorCode.SERVICE_UNAVAILABLE
      : status === 413
        ? ErrorCode.PAYLOAD_TOO_LARGE
        : status < 500
          ? ErrorCode.BAD_REQUEST
          : ErrorCode.INTERNAL;
    const message = status < 500 ? (error as Error).message : unavailable ? 'The service is briefly unavailable' : 'Internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  });

  await listen(httpServer, config.port, config.host);
  const address = httpServer.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${address.port}`;

  return {
    url,
    services,
    httpServer,
    close: async () => {
      const stopping = Date.now();
      // First: live clients learn at once that this instance goes (1001) and reconnect elsewhere.
      await runClosingSteps([['live sockets closed (1001 going away)', () => live.close()]], logger);
      services.retention.stop();
      const { inFlight, cut } = await drain.drain(config.shutdownTimeoutMs);
      if (cut) logger.warn({ inFlight, cut, timeoutMs: config.shutdownTimeoutMs }, 'shutdown: requests still running at SHUTDOWN_TIMEOUT_MS were cut');
      else logger.info({ inFlight }, 'shutdown: HTTP drained, in-flight requests finished');
      await apollo.stop();
      // Runners stop after the drain: a synchronous call still answering may wait for a job they run.
      await runners.stop(Math.max(0, config.shutdownTimeoutMs - (Date.now() - stopping)));
      await runClosingSteps(
        [
          ...releaseSteps(services),
          ['viewer cache LISTEN connection closed', () => services.auth.viewers.close()],
          ['session cache LISTEN connection closed', () => services.sessions.live.close()],
        ],
        logger,
      );
      return { cut };
    },
  };
}
