import express from 'express';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../core/clock';
import type { Config } from '../core/config';
import { ErrorCode } from '../core/errors';
import { HttpDrain } from '../core/http-drain';
import { createLogger } from '../core/logger';
import { observabilityModule } from '../modules/observability';
import { listen } from './listen';
import { Runners } from './runners';
import { ProcessOptions, RunningProcess, buildServices, initializeModules, releaseSteps, runClosingSteps } from './services';

export interface RunningWorker extends RunningProcess {
  /** Where /healthz, /readyz and /metrics answer. */
  url: string;
  /**
   * Graceful: the probes answer 503, the runners stop (jobs in hand get up to
   * `shutdownTimeoutMs`), then timers, listeners, model workers and connections are released;
   * each step is logged. The data source is the caller's to destroy.
   */
  close(): Promise<{ cut: number }>;
}

export type WorkerOptions = ProcessOptions;

/**
 * A worker process: the same services as the API, no GraphQL and no client; it runs the
 * modules' background runners (jobs, webhook deliveries). Its HTTP server (WORKER_PORT) answers
 * only /healthz, /readyz (the database answers and the runners have started; 503 while
 * starting and draining) and /metrics.
 */
export async function startWorker({ config, dataSource, clock = systemClock, logger = createLogger() }: WorkerOptions): Promise<RunningWorker> {
  // A worker runs jobs whatever VISION_WORKERS says (it is an API setting, and may be shared).
  const workerConfig: Config = { ...config, workers: { ...config.workers, runsJobs: true } };
  const services = buildServices(workerConfig, dataSource, logger, clock);
  initializeModules(services);
  const runners = Runners.of(services, logger);

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.get('/readyz', (_req, res, next) => {
    if (runners.running) return next();
    res.status(503).json({ status: 'starting' });
  });
  for (const install of observabilityModule.httpRoutes ?? []) install(app, services);
  app.use((req: express.Request, res: express.Response) => {
    res.status(404).json({ errors: [{ message: `A worker answers only /healthz, /readyz and /metrics`, extensions: { code: ErrorCode.NOT_FOUND } }] });
  });

  const httpServer = http.createServer((req, res) => {
    if (drain.admit(res, randomUUID())) app(req, res);
  });
  const drain = new HttpDrain(httpServer);
  // Probes answer while the runners start (a liveness probe must not kill a slow start).
  await listen(httpServer, config.workers.port, config.host, 'WORKER_PORT');
  const address = httpServer.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  try {
    await runners.start();
  } catch (error) {
    httpServer.close();
    throw error;
  }

  return {
    url: `http://${shownHost}:${address.port}`,
    services,
    httpServer,
    close: async () => {
      const stopping = Date.now();
      services.retention.stop();
      const { cut } = await drain.drain(config.shutdownTimeoutMs);
      logger.info('shutdown: health endpoints closed');
      await runners.stop(Math.max(0, config.shutdownTimeoutMs - (Date.now() - stopping)));
      await runClosingSteps(releaseSteps(services), logger);
      return { cut };
    },
  };
}
