import type { AnalysisCall, AnalysisOutcome, VisionCaller } from './vision.service';
import type { GenerationOptions } from './vision.types';

/**
 * How the synchronous calls (analyzeImage, analyzeImageUrl, generateImage) run. Both strategies
 * keep the calls' contract: the same admission, price, idempotency-key semantics and charge, the
 * same AnalysisOutcome, the same typed errors.
 *
 * - in this process (VisionService): the API runs jobs itself (VISION_WORKERS unset or 1);
 * - as a job waited for (the jobs module's implementation): VISION_WORKERS=0, where this process
 *   loads no model and the worker processes run inference.
 *
 * Declared here so that the jobs module (which depends on vision) can implement it without
 * vision depending on jobs; the composition picks one (see VisionCalls).
 */
export interface VisionCallRunner {
  /** Shown in the start-up log: where inference of a synchronous call happens. */
  readonly mode: 'in-process' | 'queued';
  analyze(caller: VisionCaller, call: AnalysisCall, idempotencyKey: string | null): Promise<AnalysisOutcome>;
  generate(caller: VisionCaller, prompt: string, options: GenerationOptions, idempotencyKey: string | null): Promise<AnalysisOutcome>;
}

/**
 * The strategy the vision resolver calls through: in-process (the VisionService) until the
 * composition routes the calls through the queue (`routeThrough`, done once by the jobs module
 * when VISION_WORKERS=0, before any request is served).
 */
export class VisionCalls implements VisionCallRunner {
  private runner: VisionCallRunner;

  constructor(inProcess: VisionCallRunner) {
    this.runner = inProcess;
  }

  get mode(): VisionCallRunner['mode'] {
    return this.runner.mode;
  }

  routeThrough(runner: VisionCallRunner): void {
    this.runner = runner;
  }

  analyze(...args: Parameters<VisionCallRunner['analyze']>): Promise<AnalysisOutcome> {
    return this.runner.analyze(...args);
  }

  generate(...args: Parameters<VisionCallRunner['generate']>): Promise<AnalysisOutcome> {
    return this.runner.generate(...args);
  }
}
