/**
 * The contract between the vision pipeline (upload/URL intake, charging, GraphQL) and the
 * providers that run models (local CPU inference, SentiSight, fal.ai). Providers work on the
 * prepared (oriented, downscaled) image; the pipeline maps coordinates back to the original.
 */

import { stringEnum, type EnumValue } from '../../core/string-enum';

export const VisionFeature = stringEnum(['GENERAL_CLASSIFICATION', 'PLACES_CLASSIFICATION', 'NSFW_CLASSIFICATION', 'OBJECT_DETECTION', 'INSTANCE_SEGMENTATION', 'TEXT_RECOGNITION', 'POSE_ESTIMATION', 'BACKGROUND_REMOVAL', 'IMAGE_GENERATION', 'FACE_DETECTION']);
export type VisionFeature = EnumValue<typeof VisionFeature>;

export type ProviderName = 'local' | 'sentisight' | 'fal';

export interface Point {
  x: number;
  y: number;
}

/** Pixels, top-left origin. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ScoredLabel {
  label: string;
  /** 0..1 */
  score: number;
}

export interface DetectedObject extends ScoredLabel {
  box: Box;
}

export interface SegmentedInstance extends ScoredLabel {
  box: Box;
  /** PNG (base64) of the mask, same size as the image the provider was given. */
  maskPng: string;
}

export interface RecognizedText {
  text: string;
  score: number;
  polygon: Point[];
}

export interface Keypoint extends Point {
  name: string;
  score: number;
}

export interface Pose {
  score: number;
  keypoints: Keypoint[];
}

export interface Face {
  score: number;
  box: Box;
  landmarks: Keypoint[];
}

export interface ImageOutput {
  pngBase64: string;
  width: number;
  height: number;
}

/** What a provider returns; only the fields of the feature are set. */
export interface VisionResult {
  labels?: ScoredLabel[];
  objects?: DetectedObject[];
  instances?: SegmentedInstance[];
  texts?: RecognizedText[];
  poses?: Pose[];
  faces?: Face[];
  image?: ImageOutput;
}

/** An accepted image: type checked from magic bytes, EXIF orientation applied, downscaled. */
export interface PreparedImage {
  /** Encoded image (PNG or JPEG) as the provider should receive it; null where the provider reads the raw pixels only (`ImageNeeds`). */
  data: Buffer | null;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  /**
   * Raw RGB pixels of the model copy (width × height × 3), decoded once for tensor-based models;
   * null for providers that take the encoded image only.
   */
  rgb: Buffer | null;
  /** original width ÷ width: multiply provider coordinates by this to get original pixels. */
  scale: number;
}

export interface AnalysisOptions {
  /** Drop results scoring below this (0..1). */
  minScore?: number;
  /** Keep at most this many results. */
  maxResults?: number;
}

export interface GenerationOptions {
  width?: number;
  height?: number;
  seed?: number;
}

export type Availability = { available: true } | { available: false; reason: string };

/** The forms of the model copy a provider reads for a feature (see acceptImage). */
export interface ImageNeeds {
  /** `PreparedImage.rgb`: tensor-based local engines. */
  rawPixels: boolean;
  /** `PreparedImage.data`: remote providers, and engines that read an image file (OCR). */
  encoded: boolean;
}

export interface VisionProvider {
  readonly name: ProviderName;
  imageNeeds(feature: VisionFeature): ImageNeeds;
  /** Whether this provider can serve the feature with the current configuration. */
  availability(feature: VisionFeature): Availability;
  analyze(feature: VisionFeature, image: PreparedImage, options: AnalysisOptions, signal: AbortSignal): Promise<VisionResult>;
  generate?(prompt: string, options: GenerationOptions, signal: AbortSignal): Promise<VisionResult>;
}
