import { VisionFeature } from './vision.types';

/** What a feature takes as input: an image (upload or URL) or a text prompt. */
export type FeatureInput = 'IMAGE' | 'PROMPT';

export interface FeatureDefinition {
  feature: VisionFeature;
  input: FeatureInput;
  /** Provider-neutral description; a provider may describe its own way of serving it. */
  description: string;
  /** Price seeded by the migration; the feature_prices table is the truth afterwards. */
  defaultCredits: number;
}

/** The product's features, in the order the dashboard lists them. */
export const FEATURES: readonly FeatureDefinition[] = [
  {
    feature: VisionFeature.GENERAL_CLASSIFICATION,
    input: 'IMAGE',
    description: 'Labels describing what the image shows, with scores 0..1.',
    defaultCredits: 1,
  },
  {
    feature: VisionFeature.PLACES_CLASSIFICATION,
    input: 'IMAGE',
    description: 'The kind of place or scene (beach, kitchen, street…), with scores 0..1.',
    defaultCredits: 1,
  },
  {
    feature: VisionFeature.NSFW_CLASSIFICATION,
    input: 'IMAGE',
    description: 'Whether the image is safe for work: scores per content class.',
    defaultCredits: 1,
  },
  {
    feature: VisionFeature.OBJECT_DETECTION,
    input: 'IMAGE',
    description: 'Objects with a label, a score and a bounding box in pixels of the original image.',
    defaultCredits: 2,
  },
  {
    feature: VisionFeature.INSTANCE_SEGMENTATION,
    input: 'IMAGE',
    description: 'Objects with a bounding box and a pixel mask (PNG, original image size).',
    defaultCredits: 3,
  },
  {
    feature: VisionFeature.TEXT_RECOGNITION,
    input: 'IMAGE',
    description: 'Printed text (OCR): each piece of text with a score and its polygon.',
    defaultCredits: 2,
  },
  {
    feature: VisionFeature.POSE_ESTIMATION,
    input: 'IMAGE',
    description: 'Human body poses: 17 named keypoints per person with scores.',
    defaultCredits: 2,
  },
  {
    feature: VisionFeature.BACKGROUND_REMOVAL,
    input: 'IMAGE',
    description: 'A cut-out of the foreground as a PNG with a transparent background, original size.',
    defaultCredits: 3,
  },
  {
    feature: VisionFeature.IMAGE_GENERATION,
    input: 'PROMPT',
    description: 'An image generated from a text prompt (FLUX schnell).',
    defaultCredits: 5,
  },
  {
    feature: VisionFeature.FACE_DETECTION,
    input: 'IMAGE',
    description: 'Faces with a score, a bounding box and facial landmarks.',
    defaultCredits: 1,
  },
];

const byFeature = new Map(FEATURES.map((definition) => [definition.feature, definition]));

export function featureDefinition(feature: VisionFeature): FeatureDefinition {
  const definition = byFeature.get(feature);
  if (!definition) throw new Error(`unknown vision feature ${feature}`);
  return definition;
}
