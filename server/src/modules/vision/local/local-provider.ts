import { AppError, ErrorCode } from '../../../core/errors';
import type { Logger } from '../../../core/logger';
import {
  AnalysisOptions,
  Availability,
  ImageNeeds,
  PreparedImage,
  VisionFeature,
  VisionProvider,
  VisionResult,
} from '../vision.types';
import { DEFAULT_MIN_POSE_SCORE } from '../result-mapping';
import { EngineWorker } from './engine-pool';

/** The model engines, one worker thread each (see workers/engines.js). */
export type LocalEngine = 'human' | 'nsfw' | 'ocr' | 'background';

/** Which engine serves which feature; features missing here are not served locally. */
export const LOCAL_ENGINE_OF: Partial<Record<VisionFeature, LocalEngine>> = {
  [VisionFeature.FACE_DETECTION]: 'human',
  [VisionFeature.POSE_ESTIMATION]: 'human',
  [VisionFeature.OBJECT_DETECTION]: 'human',
  [VisionFeature.INSTANCE_SEGMENTATION]: 'human',
  [VisionFeature.GENERAL_CLASSIFICATION]: 'human',
  [VisionFeature.NSFW_CLASSIFICATION]: 'nsfw',
  [VisionFeature.TEXT_RECOGNITION]: 'ocr',
  [VisionFeature.BACKGROUND_REMOVAL]: 'background',
};

/** How the local provider serves each feature; shown by the `features` query. */
export const localFeatureDescriptions: Partial<Record<VisionFeature, string>> = {
  [VisionFeature.GENERAL_CLASSIFICATION]:
    'Local: labels aggregated from the CenterNet COCO object detector (80 everyday object classes), ' +
    'not a whole-image classifier: no ImageNet-style classification model is available offline. ' +
    "A label's score combines all its detections; scenes, materials and abstract concepts are not recognised.",
  [VisionFeature.NSFW_CLASSIFICATION]:
    'Local: NSFWJS MobileNetV2, five classes (Drawing, Hentai, Neutral, Porn, Sexy) whose scores sum to 1.',
  [VisionFeature.OBJECT_DETECTION]:
    'Local: CenterNet (MobileNetV3) trained on COCO, 80 object classes with boxes; tends to confuse similar animals (a cat may come out as "dog").',
  [VisionFeature.INSTANCE_SEGMENTATION]:
    'Local: people only. Each person found by the CenterNet detector gets its silhouette from the MediaPipe Selfie segmentation model.',
  [VisionFeature.TEXT_RECOGNITION]:
    'Local: Tesseract 5 (LSTM, English) on printed text, one entry per line; handwriting is not recognised. Lines below 0.5 confidence are dropped unless minScore is set.',
  [VisionFeature.POSE_ESTIMATION]:
    'Local: MoveNet Lightning, one person (the most prominent) with the 17 COCO keypoints; the pose score is the mean keypoint score ' +
    `(a keypoint not found scores 0). Poses below ${DEFAULT_MIN_POSE_SCORE} are dropped unless minScore is set: an image without a person gives no pose.`,
  [VisionFeature.BACKGROUND_REMOVAL]:
    'Local: IS-Net (IMG.LY background removal, "medium" model) on the CPU; a few seconds per image.',
  [VisionFeature.FACE_DETECTION]:
    'Local: BlazeFace detector confirmed by FaceMesh; box, score and six landmarks (eyes, nose tip, mouth centre and corners).',
};

const REMOTE_ONLY: Partial<Record<VisionFeature, string>> = {
  [VisionFeature.PLACES_CLASSIFICATION]:
    'Not available locally: no offline places/scene model ships in an npm package; needs SentiSight (SENTISIGHT_TOKEN)',
  [VisionFeature.IMAGE_GENERATION]: 'Not available locally: image generation needs fal (FLUX schnell, FAL_KEY)',
};

/** Results under these scores are dropped when the caller gives no minScore of its own. */
const DEFAULT_MIN_SCORE: Partial<Record<VisionFeature, number>> = {
  [VisionFeature.OBJECT_DETECTION]: 0.2,
  [VisionFeature.GENERAL_CLASSIFICATION]: 0.05,
  [VisionFeature.TEXT_RECOGNITION]: 0.5,
  // MoveNet always answers a pose: on photos without a person (a cat, a cup, a blank image) its
  // mean keypoint score stays under 0.21, on a person well over 0.3.
  [VisionFeature.POSE_ESTIMATION]: DEFAULT_MIN_POSE_SCORE,
};

/** Packages each engine needs; a missing one makes its features unavailable instead of failing later. */
const ENGINE_PACKAGES: Record<LocalEngine, string[]> = {
  human: ['@vladmandic/human', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'sharp'],
  nsfw: ['nsfwjs', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'],
  ocr: ['tesseract.js', '@tesseract.js-data/eng/package.json'],
  background: ['@imgly/background-removal-node', 'onnxruntime-node', 'sharp'],
};

export interface LocalVisionProviderOptions {
  /** Requests allowed to wait per engine behind the running one (VISION_QUEUE_LIMIT); more → BUSY. */
  queueLimit?: number;
  logger?: Logger;
  /** Worker entry script; tests substitute one to simulate crashes or slow models. */
  workerScript?: string;
  /** Threads per engine (LOCAL_ENGINE_THREADS), started as overlapping requests need them; default 1. */
  threadsPerEngine?: number;
  /** Linux nice of the model threads (LOCAL_ENGINE_NICE); 0 keeps the process's priority. */
  engineNice?: number;
  /**
   * false in an API process with VISION_WORKERS=0: it runs no jobs, so it must never load a
   * model; features stay available (they are served by the worker processes).
   */
  loadModels?: boolean;
}

export interface WarmReport {
  feature: VisionFeature;
  engine: LocalEngine;
  /** Time to load this feature's models (0 when they were loaded already). */
  loadMs: number;
  /** Per model loaded by this call, ms. */
  loads: Record<string, number>;
  /** First inference after loading (kernel set-up included), on a small grey image. */
  firstRunMs: number;
}

interface RunAnswer {
  output: VisionResult;
  loads: Record<string, number>;
  inferMs: number;
}

export const DEFAULT_LOCAL_QUEUE_LIMIT = 8;

/** Raw pixels for every engine; the OCR engine reads an image file, so it gets the encoded copy too. */
export function localImageNeeds(feature: VisionFeature): ImageNeeds {
  return { rawPixels: true, encoded: LOCAL_ENGINE_OF[feature] === 'ocr' };
}

/**
 * Real CPU inference with weights shipped inside npm packages; nothing is downloaded and
 * nothing touches the disk but model files. Each engine runs in its own worker thread, loads
 * its models on first use (once per process) and takes one request at a time from a bounded
 * queue: a full queue answers BUSY at once. Call close() on shutdown.
 */
export class LocalVisionProvider implements VisionProvider {
  readonly name = 'local' as const;

  imageNeeds(feature: VisionFeature): ImageNeeds {
    return localImageNeeds(feature);
  }
  private readonly workers = new Map<LocalEngine, EngineWorker>();
  private readonly missingPackages = new Map<LocalEngine, string>();
  private readonly loadTimes: Record<string, number> = {};
  private readonly queueLimit: number;
  private closed = false;

  constructor(private readonly options: LocalVisionProviderOptions = {}) {
    this.queueLimit = Math.max(0, options.queueLimit ?? DEFAULT_LOCAL_QUEUE_LIMIT);
    for (const [engine, packages] of Object.entries(ENGINE_PACKAGES) as [LocalEngine, string[]][]) {
      const missing = packages.filter((name) => !resolvable(name));
      if (missing.length) this.missingPackages.set(engine, missing.join(', '));
    }
  }

  availability(feature: VisionFeature): Availability {
    const engine = LOCAL_ENGINE_OF[feature];
    if (!engine) {
      return { available: false, reason: REMOTE_ONLY[feature] ?? `${feature} is not available locally` };
    }
    const missing = this.missingPackages.get(engine);
    if (missing) return { available: false, reason: `The local model packages are not installed (${missing})` };
    return { available: true };
  }

  async analyze(
    feature: VisionFeature,
    image: PreparedImage,
    options: AnalysisOptions,
    signal: AbortSignal,
  ): Promise<VisionResult> {
    if (!image.rgb) throw new Error('the local provider needs the raw pixels (imageNeeds)');
    const engine = this.engineFor(feature);
    // Only what the model needs crosses to the worker; the buffers are copied, not moved,
    // so the caller's image stays usable.
    const payload = {
      op: 'run',
      feature,
      image: { width: image.width, height: image.height, rgb: image.rgb, data: image.data, mime: image.mime },
    };
    const answer = await engine.run<RunAnswer>(payload, signal);
    this.noteLoads(answer.loads);
    return applyOptions(feature, answer.output, options);
  }

  /** Loads the feature's models now (and runs them once) instead of on the first request. */
  async warm(feature: VisionFeature): Promise<WarmReport> {
    const worker = this.engineFor(feature);
    const answer = await worker.run<{ loads: Record<string, number>; firstRunMs: number }>({ op: 'warm', feature });
    this.noteLoads(answer.loads);
    const loadMs = Object.values(answer.loads).reduce((sum, ms) => sum + ms, 0);
    return { feature, engine: worker.engine as LocalEngine, loadMs, loads: answer.loads, firstRunMs: answer.firstRunMs };
  }

  /** Load time (ms) of every model loaded so far in this process. */
  modelLoadTimes(): Record<string, number> {
    return { ...this.loadTimes };
  }

  /** Stops every model worker. Requests waiting or running fail with PROVIDER_ERROR. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(workers.map((worker) => worker.close()));
  }

  /** Worker threads running now, per engine started (each holds a copy of its engine's models). */
  engineThreads(): Record<LocalEngine, number> {
    const engines = Object.keys(ENGINE_PACKAGES) as LocalEngine[];
    return Object.fromEntries(engines.map((engine) => [engine, this.workers.get(engine)?.threadCount ?? 0])) as Record<LocalEngine, number>;
  }

  private engineFor(feature: VisionFeature): EngineWorker {
    if (this.closed) throw new AppError(ErrorCode.PROVIDER_ERROR, 'The local vision provider is shut down');
    if (this.options.loadModels === false) {
      throw new AppError(ErrorCode.PROVIDER_ERROR, 'This process runs no local models (VISION_WORKERS=0); the worker processes do');
    }
    const availability = this.availability(feature);
    if (!availability.available) throw new Error(`local provider asked for ${feature}: ${availability.reason}`);
    const engine = LOCAL_ENGINE_OF[feature]!;
    let worker = this.workers.get(engine);
    if (!worker) {
      worker = new EngineWorker(
        engine,
        {
          queueLimit: this.queueLimit,
          threads: this.options.threadsPerEngine,
          nice: this.options.engineNice,
          onFailure: (message) => this.options.logger?.error({ engine, detail: message }, 'local vision engine failed'),
        },
        this.options.workerScript,
      );
      this.workers.set(engine, worker);
    }
    return worker;
  }

  private noteLoads(loads: Record<string, number>): void {
    for (const [model, ms] of Object.entries(loads)) {
      this.loadTimes[model] = ms;
      this.options.logger?.info({ model, ms }, 'local vision model loaded');
    }
  }
}

function resolvable(request: string): boolean {
  try {
    require.resolve(request);
    return true;
  } catch {
    return false;
  }
}

/** minScore (or the feature's default floor) and maxResults, best first. */
export function applyOptions(feature: VisionFeature, result: VisionResult, options: AnalysisOptions): VisionResult {
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE[feature] ?? 0;
  const limit = options.maxResults;
  const keep = <T extends { score: number }>(items: T[] | undefined): T[] | undefined => {
    if (!items) return undefined;
    const kept = items.filter((item) => item.score >= minScore);
    // OCR lines stay in reading order; everything else is ranked.
    if (feature !== VisionFeature.TEXT_RECOGNITION) kept.sort((a, b) => b.score - a.score);
    return limit !== undefined && limit >= 0 ? kept.slice(0, limit) : kept;
  };
  const out: VisionResult = {};
  if (result.labels) out.labels = keep(result.labels);
  if (result.objects) out.objects = keep(result.objects);
  if (result.instances) out.instances = keep(result.instances);
  if (result.texts) out.texts = keep(result.texts);
  if (result.poses) out.poses = keep(result.poses);
  if (result.faces) out.faces = keep(result.faces);
  if (result.image) out.image = result.image;
  return out;
}
