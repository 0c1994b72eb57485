import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express from 'express';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { clientIpResolver } from '../core/client-ip';
import { createHttpSecurity } from '../core/http-security';
import { Clock, systemClock } from '../core/clock';
import { Config } from '../core/config';
import { AppError, ErrorCode, isDatabaseUnavailable } from '../core/errors';
import { RequestInfo, RequestObserver, attachRequestInfo, requestInfo } from '../core/request-info';
import { Logger, createLogger } from '../core/logger';
import { createErrorFormatter } from '../graphql/format-error';
import { createGraphQLHandler } from '../graphql/http-handler';
import { queryLimitProtection } from '../graphql/limits';
import { requestIdPlugin } from '../graphql/request-id.plugin';
import { modules } from '../modules';
import { ViewerContext, dropViewerAfterMutation } from '../modules/auth';
import { processRequestInMemory } from '../modules/vision';
import { buildAppSchema } from './schema';
import { AppServices, buildServices, initializeModules } from './services';

/** The GraphQL context of the API: the request, its caller's row, and the services (for middleware). */
export interface AppContext extends ViewerContext {
  services: AppServices;
}

type HttpRoute = (app: express.Express, services: AppServices) => void;
type RequestObserverFactory = (services: AppServices) => RequestObserver;
const httpRoutes = modules.flatMap((module) => (module.httpRoutes ?? []) as readonly HttpRoute[]);
const requestObservers = modules.flatMap((module) => (module.requestObservers ?? []) as readonly RequestObserverFactory[]);

export interface RunningApp {
  url: string;
  services: AppServices;
  httpServer: http.Server;
  close(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  dataSource: DataSource;
  clock?: Clock;
  logger?: Logger;
}

const GRAPHQL_PATH = '/graphql';

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
    res.on('finish', onResponseFinished);
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
  });

  const limits = queryLimitProtection(config.queryLimits);
  const apollo = new ApolloServer<AppContext>({
    schema: await buildAppSchema(services),
    introspection: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: !config.production,
    formatError: createErrorFormatter(!config.production),
    validationRules: limits.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No cache hints are used; the default cache-control plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      requestIdPlugin(logger),
      dropViewerAfterMutation(services.auth.viewers),
      ...limits.plugins,
    ],
  });
  await apollo.start();
  await services.auth.viewers.start();

  graphqlHandler = createGraphQLHandler<AppContext>({
    apollo,
    logger,
    maxJsonBytes: 1024 * 1024,
    maxTokens: config.queryLimits.maxTokens,
    responseHeaders: (req) => security.headersFor(req).concat('X-Request-Id', requestInfo(req)!.requestId),
    // Uploads stay in memory (seed 001 §4); graphql-upload-ts's default would buffer them to a temp file.
    parseMultipart: (req, res) => processRequestInMemory(req, res, { maxFileSize: config.vision.maxImageBytes, maxFiles: 1 }),
    buildContext: async (req, res) => {
      const { viewer, user, authError } = await services.auth.resolveViewer(req.headers).catch((error: unknown) => {
        throw isDatabaseUnavailable(error) ? serviceUnavailable() : error;
      });
      const info = requestInfo(req)!;
      info.viewer = viewer;
      return {
        viewer,
        currentUser: user,
        authError,
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

  if (config.clientDist) {
    const clientDist = config.clientDist;
    app.use(express.static(clientDist, { index: false }));
    app.get('/{*path}', (_req, res) => res.sendFile(path.join(clientDist, 'index.html')));
  }

  // Last resort for express routes: a typed JSON error, never an HTML page or a stack trace.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const unavailable = isDatabaseUnavailable(error);
    const status = unavailable ? 503 : ((error as { status?: number }).status ?? 500);
    if (status >= 500 && !unavailable) logger.error({ err: error, requestId: requestInfo(req)?.requestId }, 'HTTP route failed');
    if (res.headersSent) return;
    const code = unavailable ? ErrorCode.SERVICE_UNAVAILABLE : status < 500 ? 'BAD_REQUEST' : ErrorCode.INTERNAL;
    const message = status < 500 ? (error as Error).message : unavailable ? 'The service is briefly unavailable' : 'Internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code, requestId: requestInfo(req)?.requestId } }] });
  });

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${address.port}`;

  return {
    url,
    services,
    httpServer,
    // Graceful: stop timers, stop accepting and let in-flight requests (paid calls included)
    // finish, wait for event listeners, then release workers and connections.
    close: async () => {
      services.retention.stop();
      await apollo.stop();
      await services.events.settle();
      await services.accessLogs.flush();
      await services.vision.close();
      await services.rateLimits.close();
      await services.auth.viewers.close();
    },
  };
}
