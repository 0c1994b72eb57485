import type { Express } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { RequestObserver } from '../../core/request-info';
import type { Platform } from '../../core/module';
import { MetricsService, routeLabel } from './metrics.service';

type ObservabilityServices = Pick<Platform, 'config' | 'dataSource'> & { metrics: MetricsService };

/** Counts and times every request once its response has been sent. */
export function metricsObserver(services: ObservabilityServices): RequestObserver {
  return ({ req, res, startedAt }) => {
    const route = routeLabel(req.url);
    services.metrics.httpRequests.inc({ route, method: req.method ?? 'GET', status: String(res.statusCode) });
    services.metrics.httpDuration.observe({ route }, Number(process.hrtime.bigint() - startedAt) / 1e9);
  };
}

const sameSecret = (given: string, expected: string) =>
  given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/** /healthz (the process answers), /readyz (database reachable, migrations applied), /metrics. */
export function installObservabilityRoutes(app: Express, services: ObservabilityServices): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    try {
      await services.dataSource.query('SELECT 1');
      const pending = await services.dataSource.showMigrations();
      if (pending) {
        res.status(503).json({ status: 'migrations pending' });
        return;
      }
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  app.get('/metrics', async (req, res) => {
    const token = services.config.metricsToken;
    const given = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (token && !sameSecret(given, token)) {
      res.status(401).json({ errors: [{ message: 'metrics need the METRICS_TOKEN bearer', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    res.set('Content-Type', services.metrics.registry.contentType);
    res.send(await services.metrics.registry.metrics());
  });
}
