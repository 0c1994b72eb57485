import type { Express } from 'express';
import type { DataSource, MigrationInterface } from 'typeorm';
import type { Clock } from './clock';
import type { Config } from './config';
import type { EventBus } from './events';
import type { Logger } from './logger';
import type { RequestObserver } from './request-info';

/** What every process has before any module is built; modules name the parts they use. */
export interface Platform {
  config: Config;
  clock: Clock;
  logger: Logger;
  dataSource: DataSource;
  events: EventBus;
}

/**
 * A long-running loop of a module (the job loop, webhook deliveries). Runners run in worker
 * processes and, unless VISION_WORKERS=0, in API processes; the application starts them once
 * every service is built and stops them at shutdown, after HTTP has drained and before the
 * database pool closes.
 */
export interface BackgroundRunner {
  /** Shown in the start and shutdown log lines. */
  name: string;
  start(): Promise<void>;
  /** Stops taking work and lets work in hand finish for up to `timeoutMs`. */
  stop(timeoutMs: number): Promise<void>;
}

/** A TypeGraphQL resolver class, built once per app from the services of its module. */
export type ResolverClass<Services> = new (services: Services) => object;

/** What a module's resolvers, routes and initializers see: its needs and its own services (`Provides` is inferred from `services` alone). */
export type ModuleView<Needs, Provides> = NoInfer<Needs & Provides>;

/**
 * One feature module, as its folder's index.ts exports it. `Needs` are the collaborators the
 * module's services, resolvers, routes and initializers use (from the platform and from modules
 * listed before it); `Provides` are the services it builds. The application composes modules in
 * the order of modules/index.ts and checks, by type, that each one's needs are met.
 *
 * Function-typed properties (not methods) keep `Needs` contravariant, so that check is strict.
 */
export interface FeatureModule<Needs extends object, Provides extends object> {
  /** The module's folder under server/src/modules. */
  name: string;
  /** One line: what the module is for. */
  purpose: string;
  /** TypeORM entity classes. */
  entities?: Array<abstract new (...args: never[]) => object>;
  migrations?: Array<new () => MigrationInterface>;
  /** Builds the module's services; its parameter's type names the module's needs. */
  services: (needs: Needs) => Provides;
  resolvers?: Array<ResolverClass<ModuleView<Needs, Provides>>>;
  /** Plain HTTP routes (webhooks, downloads), installed before the GraphQL route. */
  httpRoutes?: Array<(app: Express, services: ModuleView<Needs, Provides>) => void>;
  /** Observers of every HTTP request (GraphQL included), called once the response finished. */
  requestObservers?: Array<(services: ModuleView<Needs, Provides>) => RequestObserver>;
  /** Called once per process after every service is built: subscribe to events, start timers. */
  initializers?: Array<(services: ModuleView<Needs, Provides>) => void>;
  /** Background loops, built once per process that runs them (see BackgroundRunner). */
  runners?: Array<(services: ModuleView<Needs, Provides>) => BackgroundRunner>;
}

/**
 * Types a descriptor: `Needs` is read from the parameter of `services`, `Provides` from what it
 * returns, and every resolver, route and initializer is checked against both.
 */
export function defineModule<Needs extends object, Provides extends object>(module: FeatureModule<Needs, Provides>): FeatureModule<Needs, Provides> {
  return module;
}
