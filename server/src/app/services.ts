import type http from 'node:http';
import type { DataSource } from 'typeorm';
import { Clock, systemClock } from '../core/clock';
import type { Config } from '../core/config';
import { EventBus } from '../core/events';
import type { Logger } from '../core/logger';
import type { FeatureModule, Platform } from '../core/module';
import { modules } from '../modules';

type NeedsOf<M> = M extends FeatureModule<infer Needs, infer _Provides> ? Needs : never;
type ProvidesOf<M> = M extends FeatureModule<infer _Needs, infer Provides> ? Provides : never;

/**
 * What composing `Modules` in order onto `Built` yields; where a module needs a service that no
 * earlier module built, the result names that module and what is missing instead.
 */
type Composed<Built, Modules extends readonly unknown[]> = Modules extends readonly [infer Next, ...infer Rest]
  ? Built extends NeedsOf<Next>
    ? Composed<Built & ProvidesOf<Next>, Rest>
    : { unmetNeeds: Exclude<keyof NeedsOf<Next>, keyof Built>; of: Next }
  : Built;

/** Every service of one running app: the platform and what each module built. */
export type AppServices = Composed<Platform, typeof modules>;

/** What starting a process (the API or a worker) takes. */
export interface ProcessOptions {
  config: Config;
  dataSource: DataSource;
  clock?: Clock;
  logger?: Logger;
}

/** A started process (the API or a worker): where it answers, its services, its HTTP server. */
export interface RunningProcess {
  url: string;
  services: AppServices;
  httpServer: http.Server;
  /** Graceful; each step is logged. The data source is the caller's to destroy. */
  close(): Promise<{ cut: number }>;
}

/**
 * The composition root: builds the platform, then each module's services from the collaborators
 * it declares, in the order of modules/index.ts. Any kind of process (the API, a worker)
 * composes its services here and picks the routes and initializers it runs.
 */
export function buildServices(config: Config, dataSource: DataSource, logger: Logger, clock: Clock = systemClock): AppServices {
  const platform: Platform = {
    config,
    clock,
    logger,
    dataSource,
    events: new EventBus((message, error) => logger.error({ err: error }, message)),
  };
  const services: Record<string, unknown> = { ...platform };
  for (const module of modules as readonly FeatureModule<object, object>[]) {
    Object.assign(services, module.services?.(services));
  }
  return services as unknown as AppServices;
}

type Initializer = (services: AppServices) => void;

/** Runs every module's initializers once: event listeners, timers, strategy registrations. */
export function initializeModules(services: AppServices): void {
  for (const module of modules) {
    for (const initialize of (module.initializers ?? []) as readonly Initializer[]) initialize(services);
  }
}

/** A closing step of a process: the line logged once it is done, and the step. */
export type ClosingStep = [done: string, step: () => Promise<unknown>];

/** What every kind of process releases once its runners have stopped, before the pool closes. */
export function releaseSteps(services: AppServices): ClosingStep[] {
  return [
    ['event listeners settled', () => services.events.settle()],
    ['job queue stopped', () => services.jobQueue.close()],
    [`job feed ${services.jobFeed.transport} closed`, () => services.jobFeed.close()],
    ['access log flushed', () => services.accessLogs.flush()],
    ['vision workers stopped', () => services.vision.close()],
    ['rate limits closed', () => services.rateLimits.close()],
  ];
}

/** Runs the steps in order, logging each as `shutdown: <done>`. */
export async function runClosingSteps(steps: readonly ClosingStep[], logger: Logger): Promise<void> {
  for (const [done, step] of steps) {
    await step();
    logger.info(`shutdown: ${done}`);
  }
}
