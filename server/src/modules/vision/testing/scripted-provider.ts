import type { AnalysisOptions, Availability, ImageNeeds, PreparedImage, ProviderName, VisionFeature, VisionProvider, VisionResult } from '../vision.types';

export interface ScriptedCall {
  feature: VisionFeature;
  image: PreparedImage;
  options: AnalysisOptions;
}

/**
 * A provider whose answer a test writes: it stands in for any provider name (usually 'local')
 * to test the pipeline's rules — coordinate mapping, BUSY, time limits — without a model.
 */
export class ScriptedProvider implements VisionProvider {
  imageNeeds(): ImageNeeds {
    return { rawPixels: true, encoded: true };
  }
  readonly calls: ScriptedCall[] = [];

  constructor(
    readonly name: ProviderName,
    public script: (call: ScriptedCall, signal: AbortSignal) => Promise<VisionResult>,
    private readonly serves: VisionFeature[],
  ) {}

  availability(feature: VisionFeature): Availability {
    return this.serves.includes(feature) ? { available: true } : { available: false, reason: `scripted provider does not serve ${feature}` };
  }

  analyze(feature: VisionFeature, image: PreparedImage, options: AnalysisOptions, signal: AbortSignal): Promise<VisionResult> {
    const call = { feature, image, options };
    this.calls.push(call);
    return this.script(call, signal);
  }
}
