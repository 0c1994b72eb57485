import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import type { VisionConfig } from '../../core/config';
import type { Viewer } from '../../core/context';
import { AppError, ErrorCode, badInput } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { StoredResultsService } from '../stored-results';
import type { User } from '../users';
import type { UsersService } from '../users';
import { FeatureInput, featureDefinition } from './feature-catalogue';
import { FeatureCatalogueService } from './features.service';
import { AddressPolicy, addressPolicy } from './intake/address-policy';
import { AcceptedImage, acceptImage, readImageStream } from './intake/image-intake';
import { safeFetch } from './intake/safe-fetch';
import type { InMemoryUpload } from './intake/multipart-in-memory';
import { ProviderFailure } from './providers/http-client';
import { ProviderRegistry } from './provider-registry';
import { applyOptions, toOriginalFrame } from './result-mapping';
import {
  AnalysisOptions,
  GenerationOptions,
  ProviderName,
  VisionFeature,
  VisionProvider,
  VisionResult,
} from './vision.types';

/** The part of MeteringService the pipeline uses (charge first, then succeed or refund). */
export interface VisionMetering {
  charge(req: {
    userId: string;
    credits: number;
    feature: string;
    source: 'DASHBOARD' | 'API';
    apiTokenId: string | null;
    imageUrl?: string | null;
    idempotencyKey?: string | null;
    requestFingerprint: string;
  }): Promise<
    | { kind: 'charged'; consumptionId: string; creditsCharged: number; balanceAfter: number }
    | { kind: 'replay'; consumptionId: string; creditsCharged: number; balanceAfter: number; result: unknown }
  >;
  succeed(consumptionId: string, outcome: { durationMs: number; result?: unknown }): Promise<void>;
  refund(consumptionId: string, outcome: { errorCode: string; durationMs: number }): Promise<{ balanceAfter: number }>;
}

export type VisionCaller = Pick<Viewer, 'userId' | 'via' | 'apiTokenId'>;

/** One synchronous analysis as the API receives it: an uploaded image, or a public image URL the server fetches. */
export type AnalysisCall =
  | { kind: 'upload'; feature: VisionFeature; image: Promise<InMemoryUpload>; options: AnalysisOptions }
  | { kind: 'url'; feature: VisionFeature; url: string; options: AnalysisOptions };

/** What a queued job runs: an uploaded image's bytes, an image URL, or a prompt. */
export type VisionWork =
  | {
      kind: 'upload';
      feature: VisionFeature;
      bytes: Buffer;
      options: AnalysisOptions;
      /** The image as this process's intake already decoded it for the run (jobs' hand-off): not decoded again. */
      accepted?: AcceptedImage;
    }
  | { kind: 'url'; feature: VisionFeature; url: string; options: AnalysisOptions }
  | { kind: 'prompt'; prompt: string; options: GenerationOptions };

/** A finished call as the API returns it. Image bytes are null only in replays (see replayCopy). */
export interface AnalysisOutcome {
  consumptionId: string;
  creditsCharged: number;
  /** The caller's balance after this call. */
  balance: number;
  durationMs: number;
  provider: ProviderName;
  feature: VisionFeature;
  replayed: boolean;
  result: StoredResult;
  viewer: User | null;
}

/** The result with image bytes optional: the replay copy may drop them. */
export interface StoredResult extends Omit<VisionResult, 'instances' | 'image'> {
  instances?: Array<Omit<NonNullable<VisionResult['instances']>[number], 'maskPng'> & { maskPng: string | null }>;
  image?: { pngBase64: string | null; width: number; height: number };
}

interface ReplayCopy {
  version: 1;
  feature: VisionFeature;
  provider: ProviderName;
  durationMs: number;
  result: StoredResult;
}

/**
 * How the server reaches URLs it did not choose (submitted images, providers' output files).
 * Mutable so tests can tighten it (a first-hop-only policy, a loopback tripwire).
 */
export interface OutboundNetwork {
  policy: AddressPolicy;
  beforeConnect?: (address: string) => void;
}

export function outboundNetwork(config: VisionConfig): OutboundNetwork {
  return { policy: addressPolicy({ allowLoopback: config.allowLoopbackUrls }) };
}

export interface VisionServiceDeps {
  config: VisionConfig;
  network: OutboundNetwork;
  /** STORE_RESULTS: keep image bytes in the 24 h replay copy. */
  storeImageBytes: boolean;
  dataSource: DataSource;
  metering: VisionMetering;
  registry: ProviderRegistry;
  catalogue: FeatureCatalogueService;
  users: UsersService;
  logger: Logger;
  /** Seed 000's opt-in store of originals and outputs (STORE_RESULTS=true); off by default. */
  storedResults?: Pick<StoredResultsService, 'enabled' | 'save'>;
}

interface PaidCall {
  caller: VisionCaller;
  feature: VisionFeature;
  provider: VisionProvider;
  imageUrl: string | null;
  idempotencyKey: string | null;
  /** The submitted image, for the opt-in result store. */
  original: { bytes: Buffer; mime: string } | null;
  /** What makes two calls "the same" for an idempotency key. */
  fingerprint: unknown;
  run(signal: AbortSignal): Promise<VisionResult>;
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/**
 * The paid pipeline, in this order: the caller may process images (not restricted) → a provider
 * can serve the feature → the input is read and validated (bad input costs nothing) → charge
 * (INSUFFICIENT_CREDITS stops here, before any provider) → provider under a time limit →
 * succeed, or refund and a typed error. Images live in memory for the call only.
 */
export class VisionService {
  /** As a VisionCallRunner: the synchronous calls run here, in this process. */
  readonly mode = 'in-process' as const;

  constructor(private readonly deps: VisionServiceDeps) {}

  get network(): OutboundNetwork {
    return this.deps.network;
  }

  get registry(): ProviderRegistry {
    return this.deps.registry;
  }

  /** Model threads per local engine (all 0 where no model was loaded). */
  localEngineThreads(): Record<string, number> {
    const local = this.deps.registry.provider('local') as { engineThreads?: () => Record<string, number> } | undefined;
    return local?.engineThreads?.() ?? {};
  }

  /** For shutdown: stops the local model workers. */
  close(): Promise<void> {
    return this.deps.registry.close();
  }

  async analyze(caller: VisionCaller, call: AnalysisCall, idempotencyKey: string | null): Promise<AnalysisOutcome> {
    const { feature } = call;
    const options = analysisOptions(call.options);
    const provider = await this.admit(caller, feature, 'IMAGE');
    const bytes = call.kind === 'upload' ? await this.readUpload(call.image) : (await this.fetchUrl(call.url)).bytes;
    const image = await acceptImage(bytes, this.limits(), call.kind === 'upload' ? 'image' : 'url', provider.imageNeeds(feature));
    const imageUrl = call.kind === 'url' ? call.url.trim() : null;
    return this.charged({
      caller,
      feature,
      provider,
      imageUrl,
      idempotencyKey,
      original: { bytes: image.original.bytes, mime: `image/${image.original.type}` },
      fingerprint: imageUrl === null ? { feature, image: image.original.sha256, options } : { feature, url: imageUrl, options },
      run: (signal) => this.analyzeWith(provider, feature, image, options, signal),
    });
  }

  async generate(caller: VisionCaller, prompt: string, options: GenerationOptions, idempotencyKey: string | null): Promise<AnalysisOutcome> {
    const feature = VisionFeature.IMAGE_GENERATION;
    options = generationOptions(options);
    const provider = await this.admit(caller, feature, 'PROMPT');
    const generate = provider.generate?.bind(provider);
    if (!generate) throw unavailable(feature, `${provider.name} cannot generate images`);
    const text = prompt.trim();
    if (!text) throw badInput('prompt', 'The prompt must not be empty');
    return this.charged({
      caller,
      feature,
      provider,
      imageUrl: null,
      idempotencyKey,
      original: null,
      fingerprint: { feature, prompt: text, options },
      run: (signal) => generate(text, options, signal),
    });
  }

  /**
   * Intake of a queued analysis (jobs): the same admission as a direct call; returns the
   * provider's name and the feature's price. Nothing is charged here.
   */
  async admitAnalysis(caller: VisionCaller, feature: VisionFeature): Promise<{ provider: ProviderName; credits: number }> {
    const provider = await this.admit(caller, feature, 'IMAGE');
    return { provider: provider.name, credits: await this.deps.catalogue.price(feature) };
  }

  /** Intake of a queued generation: admission plus the prompt's checks; returns what the job keeps. */
  async admitGeneration(
    caller: VisionCaller,
    prompt: string,
    options: GenerationOptions,
  ): Promise<{ prompt: string; options: GenerationOptions; credits: number }> {
    const feature = VisionFeature.IMAGE_GENERATION;
    const provider = await this.admit(caller, feature, 'PROMPT');
    if (!provider.generate) throw unavailable(feature, `${provider.name} cannot generate images`);
    const text = prompt.trim();
    if (!text) throw badInput('prompt', 'The prompt must not be empty');
    return { prompt: text, options: generationOptions(options), credits: await this.deps.catalogue.price(feature) };
  }

  /** Reads an uploaded file for a queued job into memory (size limit, image type from its first bytes). */
  receiveUpload(upload: Promise<InMemoryUpload>, field = 'image'): Promise<Buffer> {
    return this.readUpload(upload, field);
  }

  /**
   * Validates a queued job's image (bad image → typed error, nothing charged): decoded whole
   * either way. `forRun`: the model copy is made as this process's provider reads it, so a run
   * here can start from it (see VisionWork's `accepted`); otherwise the image is only checked.
   */
  acceptUpload(feature: VisionFeature, bytes: Buffer, field = 'image', { forRun = false } = {}): Promise<AcceptedImage> {
    const provider = forRun ? this.deps.registry.route(feature).provider : null;
    return acceptImage(bytes, this.limits(), field, provider?.imageNeeds(feature) ?? { rawPixels: false, encoded: false });
  }

  /** Normalised analysis options (GraphQL nulls dropped), as jobs keep them. */
  analysisOptions(options: AnalysisOptions): AnalysisOptions {
    return analysisOptions(options);
  }

  /**
   * Execution of a queued job, wherever workers run: the input is read (an upload's bytes, or the
   * URL fetched here), then the provider runs under the time limit. Throws the typed failure the
   * caller sees, with `extensions.errorCode` (PROVIDER_TIMEOUT on a timeout). An unreadable or
   * refused input keeps its own code (BAD_USER_INPUT, URL_NOT_ALLOWED, PAYLOAD_TOO_LARGE), as a
   * direct call answers it: it is the caller's input, not the provider, so it is not retried.
   */
  async execute(work: VisionWork): Promise<{ result: StoredResult; provider: ProviderName; durationMs: number }> {
    const feature = work.kind === 'prompt' ? VisionFeature.IMAGE_GENERATION : work.feature;
    const route = this.deps.registry.route(feature);
    const provider = route.provider;
    if (!provider) throw unavailable(feature, route.availability.available ? 'no provider' : route.availability.reason);
    const started = performance.now();
    let image: AcceptedImage | null = null;
    if (work.kind !== 'prompt') {
      try {
        image = await this.acceptWork(provider, work);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        error.extensions.errorCode = String(error.extensions.code);
        error.extensions.durationMs = Math.round(performance.now() - started);
        throw error;
      }
    }
    const signal = AbortSignal.timeout(this.deps.config.timeoutMs);
    try {
      const result = await untilAborted(this.runWork(provider, work, image, signal), signal);
      return { result, provider: provider.name, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      const failure = this.typedFailure(error, provider.name, signal);
      failure.extensions.errorCode = signal.aborted ? 'PROVIDER_TIMEOUT' : String(failure.extensions.code);
      failure.extensions.durationMs = Math.round(performance.now() - started);
      throw failure;
    }
  }

  private async acceptWork(provider: VisionProvider, work: Exclude<VisionWork, { kind: 'prompt' }>): Promise<AcceptedImage> {
    const needs = provider.imageNeeds(work.feature);
    if (work.kind === 'upload') return work.accepted ?? acceptImage(work.bytes, this.limits(), 'image', needs);
    return acceptImage((await this.fetchUrl(work.url)).bytes, this.limits(), 'url', needs);
  }

  private async runWork(provider: VisionProvider, work: VisionWork, image: AcceptedImage | null, signal: AbortSignal): Promise<VisionResult> {
    if (work.kind === 'prompt') {
      if (!provider.generate) throw unavailable(VisionFeature.IMAGE_GENERATION, `${provider.name} cannot generate images`);
      return provider.generate(work.prompt, work.options, signal);
    }
    return this.analyzeWith(provider, work.feature, image!, work.options, signal);
  }

  private fetchUrl(url: string) {
    return safeFetch(url, {
      policy: this.deps.network.policy,
      beforeConnect: this.deps.network.beforeConnect,
      maxBytes: this.deps.config.maxImageBytes,
      timeoutMs: this.deps.config.imageFetchTimeoutMs,
      field: 'url',
    });
  }

  private limits() {
    return { maxBytes: this.deps.config.maxImageBytes, maxPixels: this.deps.config.maxImagePixels };
  }

  /** Checks that need no input: restriction, the feature's input kind, a provider to serve it. */
  private async admit(caller: VisionCaller, feature: VisionFeature, input: FeatureInput): Promise<VisionProvider> {
    const definition = featureDefinition(feature);
    if (definition.input !== input) {
      throw badInput('feature', input === 'IMAGE' ? `${feature} takes a prompt: use generateImage` : `${feature} takes an image`);
    }
    const [row] = await this.deps.dataSource.query('SELECT processing_restricted FROM users WHERE id = $1', [caller.userId]);
    if (row?.processing_restricted) {
      throw new AppError(
        ErrorCode.PROCESSING_RESTRICTED,
        'You have restricted the processing of your data, so no image is processed; lift the restriction in your privacy settings first',
      );
    }
    const route = this.deps.registry.route(feature);
    if (!route.provider) throw unavailable(feature, route.availability.available ? 'no provider' : route.availability.reason);
    return route.provider;
  }

  private async readUpload(upload: Promise<InMemoryUpload>, field = 'image'): Promise<Buffer> {
    try {
      const file = await upload;
      return await readImageStream(file.createReadStream(), this.deps.config.maxImageBytes, field);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const code = (error as { code?: unknown }).code;
      throw new AppError(code === ErrorCode.PAYLOAD_TOO_LARGE ? code : ErrorCode.BAD_USER_INPUT, (error as Error).message, { field });
    }
  }

  private async analyzeWith(
    provider: VisionProvider,
    feature: VisionFeature,
    image: AcceptedImage,
    options: AnalysisOptions,
    signal: AbortSignal,
  ): Promise<VisionResult> {
    const raw = await provider.analyze(feature, image.prepared, options, signal);
    return toOriginalFrame(applyOptions(raw, options), image.prepared, image.original);
  }

  private async charged(call: PaidCall): Promise<AnalysisOutcome> {
    const { caller, feature, provider } = call;
    const credits = await this.deps.catalogue.price(feature);
    const charge = await this.deps.metering.charge({
      userId: caller.userId,
      credits,
      feature,
      source: caller.via === 'API_TOKEN' ? 'API' : 'DASHBOARD',
      apiTokenId: caller.apiTokenId,
      imageUrl: call.imageUrl,
      idempotencyKey: call.idempotencyKey,
      requestFingerprint: sha256(JSON.stringify(call.fingerprint)),
    });
    if (charge.kind === 'replay') return this.replay(caller, charge);

    const started = performance.now();
    const signal = AbortSignal.timeout(this.deps.config.timeoutMs);
    let result: VisionResult;
    try {
      result = await untilAborted(call.run(signal), signal);
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      const failure = this.typedFailure(error, provider.name, signal);
      const errorCode = signal.aborted ? 'PROVIDER_TIMEOUT' : String(failure.extensions.code);
      let balance: number | undefined;
      try {
        ({ balanceAfter: balance } = await this.deps.metering.refund(charge.consumptionId, { errorCode, durationMs }));
      } catch (refundError) {
        this.deps.logger.error({ err: refundError, consumptionId: charge.consumptionId }, 'vision refund failed');
      }
      this.deps.logger.warn(
        { feature, provider: provider.name, consumptionId: charge.consumptionId, status: 'REFUNDED', errorCode, durationMs, err: error },
        'vision call failed',
      );
      Object.assign(failure.extensions, { consumptionId: charge.consumptionId, refunded: balance !== undefined, balance });
      throw failure;
    }
    const durationMs = Math.round(performance.now() - started);
    const stored: StoredResult = result;
    try {
      await this.deps.metering.succeed(charge.consumptionId, {
        durationMs,
        result: call.idempotencyKey ? this.replayCopy(feature, provider.name, durationMs, stored) : undefined,
      });
    } catch (error) {
      // The caller was charged and the work is done: hand over the result, keep the trace.
      this.deps.logger.error({ err: error, consumptionId: charge.consumptionId }, 'vision call could not be marked succeeded');
    }
    this.deps.logger.info(
      { feature, provider: provider.name, consumptionId: charge.consumptionId, status: 'SUCCEEDED', durationMs },
      'vision call',
    );
    await this.keepIfOptedIn(call, charge.consumptionId, stored);
    return {
      consumptionId: charge.consumptionId,
      creditsCharged: charge.creditsCharged,
      balance: charge.balanceAfter,
      durationMs,
      provider: provider.name,
      feature,
      replayed: false,
      result: stored,
      viewer: await this.deps.users.findById(caller.userId),
    };
  }

  /** STORE_RESULTS=true (seed 000): the original and the produced image go to the encrypted store. */
  private async keepIfOptedIn(call: PaidCall, consumptionId: string, result: StoredResult): Promise<void> {
    const store = this.deps.storedResults;
    if (!store?.enabled) return;
    try {
      const userId = call.caller.userId;
      if (call.original) await store.save(userId, { kind: 'ORIGINAL', feature: call.feature, consumptionId, ...call.original });
      if (result.image?.pngBase64) {
        const bytes = Buffer.from(result.image.pngBase64, 'base64');
        await store.save(userId, { kind: 'OUTPUT', feature: call.feature, consumptionId, mime: 'image/png', bytes });
      }
    } catch (error) {
      this.deps.logger.error({ err: error, consumptionId }, 'storing the result failed');
    }
  }

  /**
   * What is kept for 24 h to answer a retried call with the same idempotency key. Results are not
   * stored beyond the call by default (seed 001 §4), so masks and cut-outs are left out unless
   * STORE_RESULTS=true; labels, boxes, text and keypoints are kept for the replay.
   */
  private replayCopy(feature: VisionFeature, provider: ProviderName, durationMs: number, result: StoredResult): ReplayCopy {
    const keepBytes = this.deps.storeImageBytes;
    return {
      version: 1,
      feature,
      provider,
      durationMs,
      result: {
        ...result,
        instances: result.instances?.map((instance) => ({ ...instance, maskPng: keepBytes ? instance.maskPng : null })),
        image: result.image && { ...result.image, pngBase64: keepBytes ? result.image.pngBase64 : null },
      },
    };
  }

  private async replay(
    caller: VisionCaller,
    charge: { consumptionId: string; creditsCharged: number; result: unknown },
  ): Promise<AnalysisOutcome> {
    const copy = charge.result as ReplayCopy | null;
    if (!copy || copy.version !== 1) {
      throw new AppError(ErrorCode.CONFLICT, 'The call with this idempotency key left no result to replay; use a new key');
    }
    const viewer = await this.deps.users.findById(caller.userId);
    return {
      consumptionId: charge.consumptionId,
      creditsCharged: charge.creditsCharged,
      balance: viewer?.credits ?? 0,
      durationMs: copy.durationMs,
      provider: copy.provider,
      feature: copy.feature,
      replayed: true,
      result: copy.result,
      viewer,
    };
  }

  /** What the caller sees of a failure: BUSY or PROVIDER_ERROR, never the provider's own words. */
  private typedFailure(error: unknown, provider: ProviderName, signal: AbortSignal): AppError {
    if (signal.aborted) {
      return new AppError(
        ErrorCode.PROVIDER_ERROR,
        `The ${provider} provider did not answer within ${Math.round(this.deps.config.timeoutMs / 1000)} s; your credits were refunded`,
        { timeout: true },
      );
    }
    if (error instanceof AppError && error.extensions.code === ErrorCode.BUSY) return new AppError(ErrorCode.BUSY, error.message);
    if (error instanceof AppError && error.extensions.code === ErrorCode.PROVIDER_ERROR) {
      return new AppError(ErrorCode.PROVIDER_ERROR, error.message);
    }
    if (!(error instanceof ProviderFailure) && !(error instanceof AppError)) {
      this.deps.logger.error({ err: error, provider }, 'vision provider crashed');
    }
    return new AppError(ErrorCode.PROVIDER_ERROR, `The ${provider} provider failed; your credits were refunded`);
  }
}

/** GraphQL hands over nulls for omitted fields; the pipeline and fingerprints want them absent. */
function analysisOptions(options: AnalysisOptions): AnalysisOptions {
  return { minScore: options.minScore ?? undefined, maxResults: options.maxResults ?? undefined };
}

function generationOptions(options: GenerationOptions): GenerationOptions {
  return { width: options.width ?? undefined, height: options.height ?? undefined, seed: options.seed ?? undefined };
}

function unavailable(feature: VisionFeature, reason: string): AppError {
  return new AppError(ErrorCode.FEATURE_UNAVAILABLE, `${feature} is not available on this server: ${reason}`, { feature });
}

/** Stops waiting when the time limit passes, even if a provider ignores its signal. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
