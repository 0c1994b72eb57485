import { COCO_KEYPOINTS, DEFAULT_MIN_POSE_SCORE, applyOptions, normalizePoses } from './result-mapping';
import type { Keypoint, Pose } from './vision.types';

const complete = (score: number): Keypoint[] => COCO_KEYPOINTS.map((name, i) => ({ name, x: i, y: i * 2, score }));

describe('normalizePoses', () => {
  it('orders keypoints in COCO order, fills missing ones at score 0 and drops unknown names', () => {
    const pose: Pose = {
      score: 0.6,
      keypoints: [
        { name: 'rightAnkle', x: 9, y: 9, score: 0.5 },
        { name: 'left_shoulder', x: 3, y: 4, score: 0.9 },
        { name: 'neck', x: 1, y: 1, score: 1 },
        { name: 'Nose', x: 5, y: 6, score: 0.7 },
      ],
    };
    const [out] = normalizePoses([pose], 0.25);
    expect(out.score).toBe(0.6);
    expect(out.keypoints.map((k) => k.name)).toEqual(COCO_KEYPOINTS);
    expect(out.keypoints[0]).toEqual({ name: 'nose', x: 5, y: 6, score: 0.7 });
    expect(out.keypoints[5]).toEqual({ name: 'leftShoulder', x: 3, y: 4, score: 0.9 });
    expect(out.keypoints[16]).toEqual({ name: 'rightAnkle', x: 9, y: 9, score: 0.5 });
    expect(out.keypoints[1]).toEqual({ name: 'leftEye', x: 0, y: 0, score: 0 });
    expect(out.keypoints.filter((k) => k.score === 0)).toHaveLength(14);
  });

  it('drops poses under the minimum score and keeps one at it', () => {
    const poses = [0.1, 0.25, 0.9].map((score) => ({ score, keypoints: complete(score) }));
    expect(normalizePoses(poses, 0.25).map((p) => p.score)).toEqual([0.25, 0.9]);
    expect(normalizePoses(poses, 0).map((p) => p.score)).toEqual([0.1, 0.25, 0.9]);
  });

  it('leaves a complete pose in COCO order as it is (what the local engine answers)', () => {
    const pose = { score: 0.5, keypoints: complete(0.5) };
    expect(normalizePoses([pose], DEFAULT_MIN_POSE_SCORE)).toEqual([pose]);
  });

  it('is applied by applyOptions with the default floor unless minScore is given', () => {
    const poses = [{ score: 0.2, keypoints: [{ name: 'nose', x: 1, y: 1, score: 0.2 }] }];
    expect(applyOptions({ poses }, {}).poses).toEqual([]);
    const [kept] = applyOptions({ poses }, { minScore: 0.1 }).poses!;
    expect(kept.keypoints).toHaveLength(17);
    expect(kept.keypoints[0]).toEqual({ name: 'nose', x: 1, y: 1, score: 0.2 });
  });
});
