import sharp from 'sharp';
import {
  AnalysisOptions,
  Availability,
  ImageNeeds,
  GenerationOptions,
  ImageOutput,
  PreparedImage,
  VisionFeature,
  VisionProvider,
  VisionResult,
} from '../vision.types';
import { ProviderFailure, REMOTE_IMAGE_NEEDS, abortableSleep, encodedCopy, isRecord, providerFetch, readJson } from './http-client';

export const FAL_BACKGROUND_MODEL = 'fal-ai/birefnet/v2';
export const FAL_GENERATION_MODEL = 'fal-ai/flux/schnell';

const LABEL = 'fal.ai';
const SERVED = new Set<VisionFeature>([VisionFeature.BACKGROUND_REMOVAL, VisionFeature.IMAGE_GENERATION]);

export interface FalConfig {
  apiBase: string;
  queueBase: string;
  key?: string;
  /** Queue status polling interval. */
  pollIntervalMs?: number;
}

/** Downloads an output file the provider points at (the SSRF-safe fetcher in production). */
export type OutputFetcher = (url: string, signal: AbortSignal) => Promise<Buffer>;

/**
 * fal.ai: BiRefNet background removal (synchronous endpoint) and FLUX schnell generation through
 * the queue (submit → poll status → fetch the result), the way fal recommends for slow models.
 */
export class FalProvider implements VisionProvider {
  readonly name = 'fal' as const;
  imageNeeds(): ImageNeeds {
    return REMOTE_IMAGE_NEEDS;
  }

  constructor(
    private readonly config: FalConfig,
    private readonly fetchOutput: OutputFetcher,
  ) {}

  availability(feature: VisionFeature): Availability {
    if (!SERVED.has(feature)) return { available: false, reason: `fal.ai has no model for ${feature}` };
    if (!this.config.key) return { available: false, reason: 'fal.ai is not configured (set FAL_KEY)' };
    return { available: true };
  }

  async analyze(feature: VisionFeature, image: PreparedImage, _options: AnalysisOptions, signal: AbortSignal): Promise<VisionResult> {
    if (feature !== VisionFeature.BACKGROUND_REMOVAL) throw new ProviderFailure(`${LABEL} cannot analyze for ${feature}`);
    const response = await providerFetch(
      LABEL,
      `${this.config.apiBase}/${FAL_BACKGROUND_MODEL}`,
      {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify({
          image_url: `data:${image.mime};base64,${encodedCopy(image).toString('base64')}`,
          output_format: 'png',
        }),
      },
      signal,
    );
    const body = await readJson(LABEL, response);
    if (!isRecord(body) || !isRecord(body.image) || typeof body.image.url !== 'string') {
      throw new ProviderFailure(`${LABEL}: background removal answer has no image url`);
    }
    return { image: await this.download(body.image.url, signal) };
  }

  async generate(prompt: string, options: GenerationOptions, signal: AbortSignal): Promise<VisionResult> {
    const input: Record<string, unknown> = {
      prompt,
      image_size: { width: options.width ?? 1024, height: options.height ?? 768 },
      num_images: 1,
      output_format: 'png',
      enable_safety_checker: true,
    };
    if (options.seed !== undefined) input.seed = options.seed;
    const submitted = await readJson(
      LABEL,
      await providerFetch(
        LABEL,
        `${this.config.queueBase}/${FAL_GENERATION_MODEL}`,
        { method: 'POST', headers: this.headers(), body: JSON.stringify(input) },
        signal,
      ),
    );
    if (!isRecord(submitted) || typeof submitted.request_id !== 'string' || !/^[\w-]{1,100}$/.test(submitted.request_id)) {
      throw new ProviderFailure(`${LABEL}: queue answer has no request_id`);
    }
    // Status and result live under the app id without the sub-path (fal-ai/flux, not fal-ai/flux/schnell).
    const requestUrl = `${this.config.queueBase}/${appId(FAL_GENERATION_MODEL)}/requests/${submitted.request_id}`;
    try {
      await this.waitUntilCompleted(requestUrl, signal);
    } catch (error) {
      if (signal.aborted) this.cancel(requestUrl);
      throw error;
    }
    const result = await readJson(LABEL, await providerFetch(LABEL, requestUrl, { method: 'GET', headers: this.headers() }, signal));
    const first = isRecord(result) && Array.isArray(result.images) ? result.images[0] : undefined;
    if (!isRecord(first) || typeof first.url !== 'string') throw new ProviderFailure(`${LABEL}: generation result has no image`);
    return { image: await this.download(first.url, signal) };
  }

  private async waitUntilCompleted(requestUrl: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const status = await readJson(
        LABEL,
        await providerFetch(LABEL, `${requestUrl}/status`, { method: 'GET', headers: this.headers() }, signal),
      );
      const state = isRecord(status) ? status.status : undefined;
      if (state === 'COMPLETED') return;
      if (state !== 'IN_QUEUE' && state !== 'IN_PROGRESS') {
        throw new ProviderFailure(`${LABEL}: unexpected queue status ${JSON.stringify(state)?.slice(0, 40)}`);
      }
      await abortableSleep(this.config.pollIntervalMs ?? 500, signal);
    }
  }

  /** Best effort: a request we gave up on should not keep running on fal's side. */
  private cancel(requestUrl: string): void {
    fetch(`${requestUrl}/cancel`, { method: 'PUT', headers: this.headers(), signal: AbortSignal.timeout(5000) })
      .then((response) => response.body?.cancel())
      .catch(() => undefined);
  }

  private async download(url: string, signal: AbortSignal): Promise<ImageOutput> {
    const bytes = url.startsWith('data:') ? Buffer.from(url.slice(url.indexOf(',') + 1), 'base64') : await this.fetchOutput(url, signal);
    try {
      const { data, info } = await sharp(bytes, { limitInputPixels: 100_000_000 }).png().toBuffer({ resolveWithObject: true });
      return { pngBase64: data.toString('base64'), width: info.width, height: info.height };
    } catch {
      throw new ProviderFailure(`${LABEL}: output file is not an image`);
    }
  }

  private headers(): Record<string, string> {
    return { Authorization: `Key ${this.config.key ?? ''}`, 'Content-Type': 'application/json', Accept: 'application/json' };
  }
}

function appId(model: string): string {
  return model.split('/').slice(0, 2).join('/');
}
