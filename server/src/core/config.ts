import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { checkedDatabaseUrl, checkedSecret, isDegenerateKey } from './secrets';

/** Repository root (server/dist/core or server/src/core → ../../..). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** A named limit: `points` actions per `durationSeconds` for one key. */
export interface RateRule {
  points: number;
  durationSeconds: number;
}

/**
 * The buckets of the API. Paid calls are limited per API token, per user and per IP; account
 * actions (sign-up, login, contact form) per IP and, for login, per account.
 */
export interface RateRules {
  paidPerToken: RateRule;
  paidPerUser: RateRule;
  paidPerIp: RateRule;
  /** Failed logins per IP (a success gives its point back). */
  loginFailuresPerIp: RateRule;
  /** Failed logins per account (hashed e-mail); a success clears it. */
  loginFailuresPerAccount: RateRule;
  /** Every login attempt per IP: a much higher ceiling, so an office behind one NAT can sign in. */
  loginAttemptsPerIp: RateRule;
  signupPerIp: RateRule;
  contactPerIp: RateRule;
}

/** Query shape limits; a public API is introspectable, so introspection is exempt from depth and cost. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxCost: 5000,
  maxTokens: 5000,
};

export interface Config {
  nodeEnv: string;
  production: boolean;
  host: string;
  port: number;
  /** SIGTERM/SIGINT: how long in-flight requests may take to finish before their sockets are cut. */
  shutdownTimeoutMs: number;
  /** Where the API is reachable from a browser; used for links in mail and Stripe redirects. */
  publicUrl: string;
  databaseUrl?: string;
  dataDir: string;
  jwtSecret: string;
  sessionMaxAgeSeconds: number;
  /** How long a viewer row may be served from memory (0: never); changes drop it at once (viewer-cache.ts). */
  viewerCacheTtlMs: number;
  adminEmail?: string;
  redisUrl?: string;
  signupBonusCredits: number;
  rateLimits: RateRules;
  /** Namespace of the rate-limit keys in Redis (several deployments can share one Redis). */
  rateLimitPrefix: string;
  /** Serve client/dist from the API origin when it exists. */
  clientDist?: string;
  trustProxy: boolean | number | string;
  /** GraphQL document limits (depth, aliases, directives, cost, tokens). */
  queryLimits: QueryLimits;
  /** Browser origins allowed to call the API cross-origin (the built client is same-origin). */
  corsOrigins: string[];
  /** When set, /metrics answers only with `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Stripe: no secretKey outside production means the built-in TEST MODE checkout. */
  stripe: StripeConfig;
  /** Outgoing mail (notifications module). */
  mail: MailConfig;
  /** Retention scheduler: how often it runs; 0 disables the timer (the default in tests). */
  retentionIntervalMs: number;
  /** Paid calls still PENDING after this many minutes (a crash between charge and its outcome) are refunded. */
  staleCallRefundMinutes: number;
  /** Contact form submissions per IP within a window. */
  /** Seed 000 stored results: off unless STORE_RESULTS=true (seed 001's no-storage promise wins). */
  storedResults: StoredResultsConfig;
  /** Image analysis and generation (modules/vision). */
  vision: VisionConfig;
  /** How this process takes part in running jobs (worker tier). */
  workers: WorkerConfig;
  /** The job queue (modules/jobs). */
  jobs: JobsConfig;
}

export interface JobsConfig {
  /** JOB_TTL_MINUTES: a job queued longer is EXPIRED and refunded; queued uploads older are swept. */
  ttlMinutes: number;
  /** JOB_MAX_ATTEMPTS: runs of one job (provider failures, dead workers) before it FAILs and is refunded. */
  maxAttempts: number;
  /** JOB_MAINTENANCE_SECONDS: how often the queue looks for runs whose worker died, and the sweeper runs. */
  maintenanceSeconds: number;
  /** JOB_POLL_MS: the fallback poll when no queued-notification arrives (LISTEN wakes workers at once). */
  pollMs: number;
}

export interface WorkerConfig {
  /**
   * Whether this process runs jobs (the background runners) and so loads models. VISION_WORKERS=0
   * turns it off for an API process, leaving jobs to `npm run worker` processes; a worker process
   * always runs them (server/src/worker.ts).
   */
  runsJobs: boolean;
  /** JOB_CONCURRENCY: jobs one process runs at once. */
  jobConcurrency: number;
  /** WORKER_PORT: the worker process's HTTP port (/healthz, /readyz, /metrics only). */
  port: number;
  /**
   * WORKER_NICE: scheduling priority (Linux nice, 0–19) of a worker process's every thread; an
   * API process on the same machine answers first. 0 keeps the priority it was started with.
   */
  nice: number;
}

export interface VisionConfig {
  /** VISION_PROVIDERS, e.g. "BACKGROUND_REMOVAL=local,PLACES_CLASSIFICATION=sentisight"; parsed by the provider registry. */
  providers: string;
  sentisight: { apiBase: string; token?: string };
  fal: { apiBase: string; queueBase: string; key?: string };
  maxImageBytes: number;
  maxImagePixels: number;
  /** Budget for one provider call (retries and queue polling included). */
  timeoutMs: number;
  /** Budget for fetching a submitted image URL, redirects included. */
  imageFetchTimeoutMs: number;
  /** Test-only: lets image URLs point at 127.0.0.0/8 and ::1 (the fake servers). Refused in production. */
  allowLoopbackUrls: boolean;
  /** VISION_QUEUE_LIMIT: requests that may wait per local model engine behind the running ones; more → BUSY. */
  localQueueLimit: number;
  /** LOCAL_ENGINE_THREADS: worker threads (each with its own copy of the models) per local engine, started as load needs them. */
  localEngineThreads: number;
  /** LOCAL_ENGINE_NICE: scheduling priority (Linux nice, 0–19) of the model threads; the process's own requests go first on busy cores. */
  localEngineNice: number;
}

export interface MailConfig {
  /** e.g. smtp://user:pass@host:587; unset keeps every mail in the `outbox` table instead. */
  smtpUrl?: string;
  from: string;
  /** A usage alert is mailed when the balance falls below this, at most once a day. */
  lowBalanceThreshold: number;
}

export interface StoredResultsConfig {
  enabled: boolean;
  /** AES-256-GCM key (RESULTS_ENCRYPTION_KEY, 32 bytes base64); required when enabled. */
  encryptionKey?: Buffer;
}

export interface StripeConfig {
  secretKey?: string;
  webhookSecret?: string;
  /** Any Stripe-compatible server, e.g. http://127.0.0.1:12111; unset means api.stripe.com. */
  apiBase?: string;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

/** Outside production a missing JWT_SECRET is generated once and kept in the data folder. */
function resolveJwtSecret(env: NodeJS.ProcessEnv, production: boolean, dataDir: string): string {
  const given = checkedSecret('JWT_SECRET', env.JWT_SECRET, production);
  if (given) return given;
  if (production) throw new Error('JWT_SECRET is required when NODE_ENV=production (at least 32 random bytes)');
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const dataDir = path.resolve(env.DATA_DIR ?? path.join(REPO_ROOT, '.data'));
  const port = intFromEnv(env, 'PORT', 4000);
  if (port < 0 || port > 65535) throw new Error(`PORT must be between 0 and 65535, got ${port}`);
  const shutdownTimeoutMs = intFromEnv(env, 'SHUTDOWN_TIMEOUT_MS', 25_000);
  if (shutdownTimeoutMs <= 0) throw new Error(`SHUTDOWN_TIMEOUT_MS must be positive, got ${shutdownTimeoutMs}`);
  const host = env.HOST ?? '0.0.0.0';
  const clientDist = path.join(REPO_ROOT, 'client', 'dist');
  return {
    nodeEnv,
    production,
    host,
    port,
    shutdownTimeoutMs,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    databaseUrl: checkedDatabaseUrl(env.DATABASE_URL, production),
    dataDir,
    jwtSecret: resolveJwtSecret(env, production, dataDir),
    sessionMaxAgeSeconds: 7 * 24 * 60 * 60,
    viewerCacheTtlMs: intFromEnv(env, 'VIEWER_CACHE_TTL_MS', 5000),
    adminEmail: env.ADMIN_EMAIL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    signupBonusCredits: 50,
    rateLimitPrefix: env.RATE_LIMIT_PREFIX || 'vg',
    rateLimits: {
      loginFailuresPerIp: { points: intFromEnv(env, 'LOGIN_RATE_LIMIT', 10), durationSeconds: intFromEnv(env, 'LOGIN_RATE_WINDOW_SECONDS', 15 * 60) },
      loginFailuresPerAccount: { points: intFromEnv(env, 'LOGIN_RATE_LIMIT', 10), durationSeconds: intFromEnv(env, 'LOGIN_RATE_WINDOW_SECONDS', 15 * 60) },
      loginAttemptsPerIp: { points: intFromEnv(env, 'LOGIN_RATE_LIMIT_PER_IP_ALL', 100), durationSeconds: intFromEnv(env, 'LOGIN_RATE_WINDOW_SECONDS', 15 * 60) },
      signupPerIp: { points: intFromEnv(env, 'SIGNUP_RATE_LIMIT', 20), durationSeconds: 60 * 60 },
      contactPerIp: { points: intFromEnv(env, 'CONTACT_RATE_LIMIT', 5), durationSeconds: intFromEnv(env, 'CONTACT_RATE_WINDOW_SECONDS', 60 * 60) },
      paidPerToken: { points: intFromEnv(env, 'PAID_RATE_LIMIT_PER_TOKEN', 120), durationSeconds: 60 },
      paidPerUser: { points: intFromEnv(env, 'PAID_RATE_LIMIT_PER_USER', 240), durationSeconds: 60 },
      paidPerIp: { points: intFromEnv(env, 'PAID_RATE_LIMIT_PER_IP', 480), durationSeconds: 60 },
    },
    clientDist: existsSync(path.join(clientDist, 'index.html')) ? clientDist : undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    queryLimits: {
      maxDepth: intFromEnv(env, 'GRAPHQL_MAX_DEPTH', DEFAULT_QUERY_LIMITS.maxDepth),
      maxAliases: intFromEnv(env, 'GRAPHQL_MAX_ALIASES', DEFAULT_QUERY_LIMITS.maxAliases),
      maxDirectives: intFromEnv(env, 'GRAPHQL_MAX_DIRECTIVES', DEFAULT_QUERY_LIMITS.maxDirectives),
      maxCost: intFromEnv(env, 'GRAPHQL_MAX_COST', DEFAULT_QUERY_LIMITS.maxCost),
      maxTokens: intFromEnv(env, 'GRAPHQL_MAX_TOKENS', DEFAULT_QUERY_LIMITS.maxTokens),
    },
    metricsToken: checkedSecret('METRICS_TOKEN', env.METRICS_TOKEN, production),
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    stripe: loadStripeConfig(env, production),
    mail: {
      smtpUrl: env.SMTP_URL || undefined,
      from: env.MAIL_FROM || 'VisionGate <no-reply@visiongate.invalid>',
      lowBalanceThreshold: intFromEnv(env, 'LOW_BALANCE_THRESHOLD', 10),
    },
    retentionIntervalMs: intFromEnv(env, 'RETENTION_INTERVAL_MS', nodeEnv === 'test' ? 0 : 60 * 60 * 1000),
    staleCallRefundMinutes: Math.max(1, intFromEnv(env, 'STALE_CALL_REFUND_MINUTES', 15)),
    storedResults: loadStoredResultsConfig(env, production),
    vision: loadVisionConfig(env, production),
    workers: loadWorkerConfig(env),
    jobs: {
      ttlMinutes: Math.max(1, intFromEnv(env, 'JOB_TTL_MINUTES', 60)),
      maxAttempts: Math.max(1, intFromEnv(env, 'JOB_MAX_ATTEMPTS', 3)),
      maintenanceSeconds: Math.max(1, intFromEnv(env, 'JOB_MAINTENANCE_SECONDS', 30)),
      pollMs: Math.max(100, intFromEnv(env, 'JOB_POLL_MS', 2_000)),
    },
  };
}

function loadWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const raw = env.VISION_WORKERS ?? '';
  if (!['', '0', '1'].includes(raw)) throw new Error(`VISION_WORKERS must be 0 (this API process runs no jobs) or 1, got "${raw}"`);
  const jobConcurrency = intFromEnv(env, 'JOB_CONCURRENCY', availableParallelism());
  if (jobConcurrency < 1) throw new Error(`JOB_CONCURRENCY must be at least 1, got ${jobConcurrency}`);
  const port = intFromEnv(env, 'WORKER_PORT', 4001);
  if (port < 0 || port > 65535) throw new Error(`WORKER_PORT must be between 0 and 65535, got ${port}`);
  const nice = Math.min(19, Math.max(0, intFromEnv(env, 'WORKER_NICE', 10)));
  return { runsJobs: raw !== '0', jobConcurrency, port, nice };
}

function loadVisionConfig(env: NodeJS.ProcessEnv, production: boolean): VisionConfig {
  const allowLoopbackUrls = env.ALLOW_LOOPBACK_URLS === 'true';
  // Loopback URLs would let any caller make the server fetch its own internal services.
  if (production && allowLoopbackUrls) throw new Error('ALLOW_LOOPBACK_URLS is a test setting and is refused in production');
  const trimmed = (raw: string | undefined, fallback: string) => (raw || fallback).replace(/\/+$/, '');
  const vision: VisionConfig = {
    providers: env.VISION_PROVIDERS ?? '',
    sentisight: { apiBase: trimmed(env.SENTISIGHT_API_BASE, 'https://platform.sentisight.ai/api'), token: env.SENTISIGHT_TOKEN || undefined },
    fal: {
      apiBase: trimmed(env.FAL_API_BASE, 'https://fal.run'),
      queueBase: trimmed(env.FAL_QUEUE_BASE, 'https://queue.fal.run'),
      key: env.FAL_KEY || undefined,
    },
    maxImageBytes: intFromEnv(env, 'MAX_IMAGE_BYTES', 10 * 1024 * 1024),
    maxImagePixels: intFromEnv(env, 'MAX_IMAGE_PIXELS', 40_000_000),
    timeoutMs: intFromEnv(env, 'VISION_TIMEOUT_MS', 60_000),
    imageFetchTimeoutMs: intFromEnv(env, 'IMAGE_FETCH_TIMEOUT_MS', 10_000),
    allowLoopbackUrls,
    localQueueLimit: Math.max(0, intFromEnv(env, 'VISION_QUEUE_LIMIT', 8)),
    // One thread per core: every core can run a model at once; threads beyond the first start
    // only when requests overlap, so a quiet process keeps one copy of each model it used.
    localEngineThreads: intFromEnv(env, 'LOCAL_ENGINE_THREADS', availableParallelism()),
    localEngineNice: Math.min(19, Math.max(0, intFromEnv(env, 'LOCAL_ENGINE_NICE', 10))),
  };
  if (vision.localEngineThreads < 1) throw new Error(`LOCAL_ENGINE_THREADS must be at least 1, got ${vision.localEngineThreads}`);
  for (const base of [vision.sentisight.apiBase, vision.fal.apiBase, vision.fal.queueBase]) {
    if (!/^https?:\/\/[^/]+(\/.*)?$/.test(base)) throw new Error(`vision provider base URLs must be http(s) URLs, got "${base}"`);
  }
  if (vision.maxImageBytes <= 0 || vision.maxImagePixels <= 0 || vision.timeoutMs <= 0 || vision.imageFetchTimeoutMs <= 0) {
    throw new Error('MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, VISION_TIMEOUT_MS and IMAGE_FETCH_TIMEOUT_MS must be positive');
  }
  return vision;
}

function loadStoredResultsConfig(env: NodeJS.ProcessEnv, production: boolean): StoredResultsConfig {
  const enabled = env.STORE_RESULTS === 'true';
  const raw = env.RESULTS_ENCRYPTION_KEY;
  if (!raw) {
    if (enabled) throw new Error('RESULTS_ENCRYPTION_KEY (32 bytes, base64) is required when STORE_RESULTS=true');
    return { enabled };
  }
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error(`RESULTS_ENCRYPTION_KEY must be 32 bytes in base64, got ${key.length} bytes`);
  if (production && isDegenerateKey(key)) {
    throw new Error(`RESULTS_ENCRYPTION_KEY is one byte repeated and is refused in production; generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`);
  }
  return { enabled, encryptionKey: key };
}

function loadStripeConfig(env: NodeJS.ProcessEnv, production: boolean): StripeConfig {
  const stripe: StripeConfig = {
    secretKey: env.STRIPE_SECRET_KEY || undefined,
    webhookSecret: checkedSecret('STRIPE_WEBHOOK_SECRET', env.STRIPE_WEBHOOK_SECRET, production),
    apiBase: env.STRIPE_API_BASE || undefined,
  };
  if (stripe.apiBase && !/^https?:\/\/[^/]+\/?$/.test(stripe.apiBase)) {
    throw new Error(`STRIPE_API_BASE must look like http(s)://host[:port], got "${stripe.apiBase}"`);
  }
  // Without the webhook secret no payment would ever be credited; fail at start, not at the first sale.
  if (production && stripe.secretKey && !stripe.webhookSecret) {
    throw new Error('STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set in production');
  }
  return stripe;
}
