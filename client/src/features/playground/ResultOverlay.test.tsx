import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { testResult } from '../../test/jobs';
import { OverlayShapes, ResultOverlay, type AnalysisResultData } from './ResultOverlay';
import { SKELETON_BONES } from './skeleton';

const COCO = ['nose', 'leftEye', 'rightEye', 'leftEar', 'rightEar', 'leftShoulder', 'rightShoulder', 'leftElbow', 'rightElbow', 'leftWrist', 'rightWrist', 'leftHip', 'rightHip', 'leftKnee', 'rightKnee', 'leftAnkle', 'rightAnkle'];
const box = (x: number, y: number, width: number, height: number) => ({ __typename: 'BoundingBox' as const, x, y, width, height });

const renderShapes = (data: AnalysisResultData) =>
  render(
    <svg data-testid="svg">
      <OverlayShapes result={data} size={{ width: 800, height: 600 }} />
    </svg>,
  );

describe('result overlay', () => {
  it('draws every object as a box with its label and score', () => {
    renderShapes(
      testResult({
        objects: [
          { __typename: 'DetectedObject', label: 'person', score: 0.923, box: box(10, 20, 300, 400) },
          { __typename: 'DetectedObject', label: 'cup', score: 0.5, box: box(500, 300, 80, 90) },
        ],
      }),
    );
    const boxes = screen.getAllByTestId('object-box');
    expect(boxes).toHaveLength(2);
    const first = boxes[0].querySelector('rect')!;
    expect([first.getAttribute('x'), first.getAttribute('y'), first.getAttribute('width'), first.getAttribute('height')]).toEqual(['10', '20', '300', '400']);
    expect(within(boxes[0]).getByText('person 92%')).toBeInTheDocument();
    expect(within(boxes[1]).getByText('cup 50%')).toBeInTheDocument();
  });

  it('draws a pose skeleton: one line per bone between confident keypoints', () => {
    const keypoints = COCO.map((name, index) => ({ __typename: 'Keypoint' as const, name, x: 100 + index * 10, y: 50 + index * 20, score: 0.9 }));
    renderShapes(testResult({ feature: 'POSE_ESTIMATION', poses: [{ __typename: 'Pose', score: 0.8, keypoints }] }));
    const bones = screen.getAllByTestId('skeleton-bone');
    expect(bones).toHaveLength(SKELETON_BONES.length);
    // leftShoulder (index 5) → leftElbow (index 7)
    const shoulderToElbow = bones.find((line) => line.getAttribute('x1') === '150' && line.getAttribute('x2') === '170');
    expect(shoulderToElbow?.getAttribute('y1')).toBe('150');
    expect(shoulderToElbow?.getAttribute('y2')).toBe('190');
    expect(screen.getAllByTestId('pose-keypoint')).toHaveLength(17);
  });

  it('leaves out bones whose keypoints are too uncertain', () => {
    const keypoints = COCO.map((name, index) => ({ __typename: 'Keypoint' as const, name, x: index, y: index, score: name === 'leftKnee' ? 0.05 : 0.9 }));
    renderShapes(testResult({ feature: 'POSE_ESTIMATION', poses: [{ __typename: 'Pose', score: 0.8, keypoints }] }));
    // leftHip–leftKnee and leftKnee–leftAnkle are gone.
    expect(screen.getAllByTestId('skeleton-bone')).toHaveLength(SKELETON_BONES.length - 2);
    expect(screen.getAllByTestId('pose-keypoint')).toHaveLength(16);
  });

  it('draws face boxes with landmarks, OCR polygons numbered, and instance masks', () => {
    renderShapes(
      testResult({
        faces: [
          {
            __typename: 'Face',
            score: 0.97,
            box: box(200, 100, 120, 140),
            landmarks: [
              { __typename: 'Keypoint', name: 'leftEye', x: 230, y: 150, score: 0.9 },
              { __typename: 'Keypoint', name: 'rightEye', x: 290, y: 150, score: 0.9 },
            ],
          },
        ],
        texts: [
          {
            __typename: 'RecognizedText',
            text: 'HELLO',
            score: 0.88,
            polygon: [
              { __typename: 'ImagePoint', x: 1, y: 2 },
              { __typename: 'ImagePoint', x: 50, y: 2 },
              { __typename: 'ImagePoint', x: 50, y: 20 },
              { __typename: 'ImagePoint', x: 1, y: 20 },
            ],
          },
        ],
        instances: [{ __typename: 'SegmentedInstance', label: 'person', score: 0.8, box: box(0, 0, 400, 600), mask: 'iVBORw0KGgo=' }],
      }),
    );
    const face = screen.getByTestId('face-box');
    expect(within(face).getByText('face 97%')).toBeInTheDocument();
    expect(face.querySelectorAll('circle')).toHaveLength(2);
    const polygon = screen.getByTestId('text-polygon').querySelector('polygon')!;
    expect(polygon.getAttribute('points')).toBe('1,2 50,2 50,20 1,20');
    expect(within(screen.getByTestId('text-polygon')).getByText('1')).toBeInTheDocument();
    const instance = screen.getByTestId('instance-mask');
    expect(instance.querySelector('mask image')!.getAttribute('href')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(instance.querySelector('rect[mask]')).not.toBeNull();
    expect(within(instance).getByText('person 80%')).toBeInTheDocument();
  });

  it('spans the overlay over the image in the image’s own pixel space', () => {
    render(<ResultOverlay imageSrc="blob:x" imageSize={{ width: 1024, height: 768 }} result={testResult({ objects: [] })} />);
    expect(screen.getByTestId('result-overlay').getAttribute('viewBox')).toBe('0 0 1024 768');
    expect(screen.getByRole('img', { name: 'Submitted image' })).toHaveAttribute('src', 'blob:x');
  });
});
