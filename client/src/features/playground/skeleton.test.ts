import { describe, expect, it } from 'vitest';
import { bonesOf, normalizeKeypointName } from './skeleton';

describe('pose skeleton', () => {
  it('matches keypoint names in camelCase, snake_case and spaced forms', () => {
    expect(normalizeKeypointName('leftShoulder')).toBe('leftshoulder');
    expect(normalizeKeypointName('left_shoulder')).toBe('leftshoulder');
    expect(normalizeKeypointName('Left Shoulder')).toBe('leftshoulder');
  });

  it('joins only pairs that are both present and confident', () => {
    const bones = bonesOf([
      { name: 'left_shoulder', x: 0, y: 0, score: 0.9 },
      { name: 'left_elbow', x: 1, y: 1, score: 0.9 },
      { name: 'left_wrist', x: 2, y: 2, score: 0.1 },
      { name: 'right_shoulder', x: 5, y: 0, score: 0.9 },
    ]);
    expect(bones.map(([from, to]) => `${from.name}-${to.name}`).sort()).toEqual(['left_shoulder-left_elbow', 'left_shoulder-right_shoulder']);
  });
});
