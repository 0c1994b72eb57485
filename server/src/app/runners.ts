import type { Logger } from '../core/logger';
import type { BackgroundRunner } from '../core/module';
import { modules } from '../modules';
import type { AppServices } from './services';

type RunnerFactory = (services: AppServices) => BackgroundRunner;

/**
 * The background runners of every module (the job loop, webhook deliveries) in one process:
 * started in module order, stopped in reverse, each step logged.
 */
export class Runners {
  private readonly started: BackgroundRunner[] = [];

  constructor(
    private readonly all: readonly BackgroundRunner[],
    private readonly logger: Logger,
  ) {}

  static of(services: AppServices, logger: Logger): Runners {
    const factories = modules.flatMap((module) => (module.runners ?? []) as readonly RunnerFactory[]);
    return new Runners(
      factories.map((create) => create(services)),
      logger,
    );
  }

  /** No runners: an API process with VISION_WORKERS=0. */
  static none(logger: Logger): Runners {
    return new Runners([], logger);
  }

  /** True once every runner has started (the worker's /readyz). */
  get running(): boolean {
    return this.started.length === this.all.length;
  }

  /** Starts each runner; when one fails, those already started are stopped and the error is thrown. */
  async start(): Promise<void> {
    for (const runner of this.all) {
      try {
        await runner.start();
      } catch (error) {
        await this.stop(0).catch(() => undefined);
        throw new Error(`background runner ${runner.name} failed to start: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.started.push(runner);
      this.logger.info({ runner: runner.name }, 'background runner started');
    }
  }

  /** Stops the started runners, last first; each may finish the work in hand for up to `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    while (this.started.length > 0) {
      const runner = this.started.pop()!;
      await runner.stop(timeoutMs);
      this.logger.info({ runner: runner.name }, `shutdown: background runner ${runner.name} stopped`);
    }
  }
}
