/** COCO-17 body keypoints joined into a stick figure; names are compared normalized (leftShoulder = left_shoulder). */
export const SKELETON_BONES: ReadonlyArray<readonly [string, string]> = [
  ['leftear', 'lefteye'],
  ['lefteye', 'nose'],
  ['nose', 'righteye'],
  ['righteye', 'rightear'],
  ['leftshoulder', 'rightshoulder'],
  ['leftshoulder', 'leftelbow'],
  ['leftelbow', 'leftwrist'],
  ['rightshoulder', 'rightelbow'],
  ['rightelbow', 'rightwrist'],
  ['leftshoulder', 'lefthip'],
  ['rightshoulder', 'righthip'],
  ['lefthip', 'righthip'],
  ['lefthip', 'leftknee'],
  ['leftknee', 'leftankle'],
  ['righthip', 'rightknee'],
  ['rightknee', 'rightankle'],
];

/** Keypoints scoring below this are too uncertain to draw. */
export const MIN_KEYPOINT_SCORE = 0.2;

export function normalizeKeypointName(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

export interface PosePoint {
  name: string;
  x: number;
  y: number;
  score: number;
}

/** The bones of one pose whose two ends are both confident enough. */
export function bonesOf(keypoints: readonly PosePoint[], minScore = MIN_KEYPOINT_SCORE): Array<[PosePoint, PosePoint]> {
  const byName = new Map(keypoints.filter((point) => point.score >= minScore).map((point) => [normalizeKeypointName(point.name), point]));
  const bones: Array<[PosePoint, PosePoint]> = [];
  for (const [from, to] of SKELETON_BONES) {
    const start = byName.get(from);
    const end = byName.get(to);
    if (start && end) bones.push([start, end]);
  }
  return bones;
}
