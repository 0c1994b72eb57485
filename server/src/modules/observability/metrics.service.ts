import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Route label for metrics: a fixed set, so request paths cannot explode label cardinality. */
export function routeLabel(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0];
  if (path === '/graphql') return '/graphql';
  if (path.startsWith('/webhooks/')) return path.slice(0, 40);
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return path;
  if (path.startsWith('/api/') || path.startsWith('/me/')) return path.split('/').slice(0, 3).join('/');
  return 'other';
}

/** Prometheus metrics of one app instance (its own registry, so several apps in one process don't clash). */
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'visiongate_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'visiongate_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly creditsSpent = new Counter({
    name: 'visiongate_credits_spent_total',
    help: 'Credits debited for paid calls (before refunds)',
    labelNames: ['feature'] as const,
    registers: [this.registry],
  });
  readonly creditsRefunded = new Counter({
    name: 'visiongate_credits_refunded_total',
    help: 'Credits given back after failed calls',
    registers: [this.registry],
  });
  readonly providerErrors = new Counter({
    name: 'visiongate_provider_errors_total',
    help: 'Vision provider failures by provider and feature',
    labelNames: ['provider', 'feature'] as const,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'visiongate_inference_queue_depth',
    help: 'Inference jobs waiting for a worker',
    registers: [this.registry],
  });

  private readLocalEngineThreads: () => Record<string, number> = () => ({});
  readonly localEngineThreads = new Gauge({
    name: 'visiongate_local_engine_threads',
    help: 'Model worker threads running per local engine, each holding a copy of its models (0 everywhere in an API process with VISION_WORKERS=0)',
    labelNames: ['engine'] as const,
    registers: [this.registry],
    collect: () => {
      this.localEngineThreads.reset();
      for (const [engine, threads] of Object.entries(this.readLocalEngineThreads())) this.localEngineThreads.set({ engine }, threads);
    },
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Lets the vision module report its engine threads when /metrics is scraped. */
  observeLocalEngineThreads(read: () => Record<string, number>): void {
    this.readLocalEngineThreads = read;
  }

  /** Lets a module report the current queue depth when /metrics is scraped. */
  observeQueueDepth(read: () => number): void {
    this.queueDepth.reset();
    (this.queueDepth as unknown as { collect: () => void }).collect = () => this.queueDepth.set(read());
  }
}
