import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { graphQLError, renderInLayout, viewerMock, type Mock } from '../../test/render';
import { AnalyzeImageUrlMutation, FeaturesQuery } from './operations';
import { PlaygroundPage } from './PlaygroundPage';

const feature = (name: string, credits: number, available = true) => ({
  __typename: 'Feature' as const,
  name,
  description: `${name} description`,
  credits,
  input: name === 'IMAGE_GENERATION' ? 'PROMPT' : 'IMAGE',
  provider: available ? 'LOCAL' : null,
  available,
  unavailableReason: available ? null : 'needs FAL_KEY',
});

const featuresMock: Mock = {
  request: { query: FeaturesQuery },
  result: { data: { __typename: 'Query', features: [feature('OBJECT_DETECTION', 2), feature('POSE_ESTIMATION', 2), feature('IMAGE_GENERATION', 5, false)] } },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const keypoints = ['nose', 'leftShoulder', 'rightShoulder', 'leftElbow', 'leftWrist'].map((name, index) => ({ __typename: 'Keypoint', name, x: 100 + index * 20, y: 100 + index * 30, score: 0.9 }));

const poseAnswer = {
  __typename: 'AnalysisResult',
  consumptionId: 'consumption-1',
  creditsCharged: 2,
  balance: 48,
  durationMs: 310,
  provider: 'LOCAL',
  feature: 'POSE_ESTIMATION',
  replayed: false,
  viewer: { __typename: 'User', id: 'user-1', credits: 48 },
  labels: null,
  objects: null,
  instances: null,
  texts: null,
  poses: [{ __typename: 'Pose', score: 0.8, keypoints }],
  faces: null,
  image: null,
};

async function runPoseOnUrl(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('radio', { name: /Pose estimation/ }));
  await user.click(screen.getByRole('tab', { name: 'From a URL' }));
  await user.type(screen.getByLabelText('Image URL'), 'https://example.com/person.jpg');
  await user.click(screen.getByRole('button', { name: 'Run Pose estimation · 2 credits' }));
}

/** The playground signed in, the given mock answering its analysis call. */
function renderPlaygroundAnswering(analysis: Mock) {
  const user = userEvent.setup();
  renderInLayout(<PlaygroundPage />, { path: '/playground', mocks: [viewerMock(), featuresMock, analysis] });
  return user;
}

describe('playground', () => {
  it('lists features with their price and keeps unavailable ones unselectable', async () => {
    renderInLayout(<PlaygroundPage />, { mocks: [viewerMock(), featuresMock], path: '/playground' });
    expect(await screen.findByRole('radio', { name: /Object detection/ })).toBeChecked();
    expect(screen.getByRole('radio', { name: /Image generation/ })).toBeDisabled();
    expect(screen.getByText('needs FAL_KEY', { exact: false })).toBeInTheDocument();
  });

  it('draws the skeleton and updates the header balance from the answer, without a reload', async () => {
    const user = renderPlaygroundAnswering({
      request: {
        query: AnalyzeImageUrlMutation,
        variables: (variables: { feature: string; url: string; idempotencyKey: string }) =>
          variables.feature === 'POSE_ESTIMATION' && variables.url === 'https://example.com/person.jpg' && variables.idempotencyKey.length > 10,
      },
      result: { data: { __typename: 'Mutation', analyzeImageUrl: poseAnswer } },
    });
    expect(await screen.findByTestId('header-balance-value')).toHaveTextContent('50');
    await runPoseOnUrl(user);

    await screen.findByText('Found 1 pose.');
    expect(screen.getByTestId('header-balance-value')).toHaveTextContent('48');
    // The image loads (jsdom does not decode images: give it a size), then the overlay is drawn.
    const image = screen.getByRole('img', { name: 'Submitted image' });
    Object.defineProperty(image, 'naturalWidth', { value: 640 });
    Object.defineProperty(image, 'naturalHeight', { value: 480 });
    fireEvent.load(image);
    expect(await screen.findByTestId('result-overlay')).toHaveAttribute('viewBox', '0 0 640 480');
    // nose has no pair here; shoulders–shoulders, left shoulder–elbow, elbow–wrist.
    expect(screen.getAllByTestId('skeleton-bone')).toHaveLength(3);
  });

  it('shows INSUFFICIENT_CREDITS with a link to billing', async () => {
    const user = renderPlaygroundAnswering({
      request: { query: AnalyzeImageUrlMutation, variables: () => true },
      result: graphQLError('INSUFFICIENT_CREDITS', 'Not enough credits: 2 needed, 1 left'),
    });
    await runPoseOnUrl(user);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'INSUFFICIENT_CREDITS');
    expect(screen.getByRole('link', { name: 'Buy credits' })).toHaveAttribute('href', '/billing');
  });
});
