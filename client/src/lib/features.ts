/** Display names of vision features; unknown names fall back to humanized enum text. */
const FEATURE_LABELS: Record<string, string> = {
  GENERAL_CLASSIFICATION: 'General classification',
  PLACES_CLASSIFICATION: 'Places classification',
  NSFW_CLASSIFICATION: 'NSFW classification',
  OBJECT_DETECTION: 'Object detection',
  INSTANCE_SEGMENTATION: 'Instance segmentation',
  TEXT_RECOGNITION: 'Text recognition (OCR)',
  POSE_ESTIMATION: 'Pose estimation',
  BACKGROUND_REMOVAL: 'Background removal',
  IMAGE_GENERATION: 'Image generation',
  FACE_DETECTION: 'Face detection',
};

export const KNOWN_FEATURES = Object.keys(FEATURE_LABELS);

export function featureLabel(name: string): string {
  if (FEATURE_LABELS[name]) return FEATURE_LABELS[name];
  const words = name.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
