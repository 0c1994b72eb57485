import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import { MetricsService } from './metrics.service';
import { installObservabilityRoutes, metricsObserver } from './observability.routes';

export { MetricsService } from './metrics.service';

export const observabilityModule = defineModule({
  name: 'observability',
  purpose: 'Health and readiness probes and Prometheus metrics of every request',
  services: ({ config }: Pick<Platform, 'config' | 'dataSource'>) => ({ metrics: new MetricsService({ processMetrics: config.nodeEnv !== 'test' }) }),
  httpRoutes: [installObservabilityRoutes],
  requestObservers: [metricsObserver],
});
