import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jobEvent, testJob, testResult } from '../../test/jobs';
import { graphQLError, liveSocket, renderInLayout, testViewer, viewerMock, type Mock } from '../../test/render';
import { ViewerQuery } from '../auth/operations';
import { FeaturesQuery, SubmitAnalysisMutation } from './operations';
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

const poseResult = testResult({ feature: 'POSE_ESTIMATION', poses: [{ __typename: 'Pose', score: 0.8, keypoints: keypoints as never }] });
const poseJob = (overrides: Parameters<typeof testJob>[0] = {}) => testJob({ id: 'job-pose', feature: 'POSE_ESTIMATION', ...overrides });

/** The balance before the call (first ask), then after the charge (the refetch that the submit triggers). */
const balanceMocks: Mock[] = [
  { request: { query: ViewerQuery }, result: { data: { __typename: 'Query', me: testViewer({ credits: 50 }) } } },
  viewerMock(testViewer({ credits: 48 })),
];

async function runPoseOnUrl(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('radio', { name: /Pose estimation/ }));
  await user.click(screen.getByRole('tab', { name: 'From a URL' }));
  await user.type(screen.getByLabelText('Image URL'), 'https://example.com/person.jpg');
  await user.click(screen.getByRole('button', { name: 'Run Pose estimation · 2 credits' }));
}

describe('playground', () => {
  it('lists features with their price and keeps unavailable ones unselectable', async () => {
    renderInLayout(<PlaygroundPage />, { mocks: [viewerMock(), featuresMock], path: '/playground' });
    expect(await screen.findByRole('radio', { name: /Object detection/ })).toBeChecked();
    expect(screen.getByRole('radio', { name: /Image generation/ })).toBeDisabled();
    expect(screen.getByText('needs FAL_KEY', { exact: false })).toBeInTheDocument();
  });

  it('submits a job, follows it live from QUEUED through RUNNING, then draws the skeleton and updates the balance', async () => {
    const user = userEvent.setup();
    const socket = liveSocket();
    const submit: Mock = {
      request: {
        query: SubmitAnalysisMutation,
        variables: (variables: { feature: string; url: string; idempotencyKey: string }) =>
          variables.feature === 'POSE_ESTIMATION' && variables.url === 'https://example.com/person.jpg' && variables.idempotencyKey.length > 10,
      },
      result: { data: { __typename: 'Mutation', submitAnalysis: poseJob() } },
    };
    renderInLayout(<PlaygroundPage />, { path: '/playground', mocks: [...balanceMocks, featuresMock, submit], socket });
    expect(await screen.findByTestId('header-balance-value')).toHaveTextContent('50');
    await runPoseOnUrl(user);

    // Charged at submit: the header balance follows without a reload.
    expect(await screen.findByTestId('job-progress')).toHaveAttribute('data-status', 'QUEUED');
    expect(screen.getByText('Queued, waiting for a worker…')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel job job-pose' })).toBeEnabled();
    await screen.findByText('48', { selector: '[data-testid="header-balance-value"]' });
    await waitFor(() => expect(socket.operation?.variables).toEqual({ id: 'job-pose' }));
    // As the server does, the first event is the current state: from then on the page does not poll.
    act(() => socket.simulateResult(jobEvent(poseJob())));

    act(() => socket.simulateResult(jobEvent(poseJob({ status: 'RUNNING', progress: 0.4, startedAt: '2026-12-05T08:00:01.000Z' }))));
    expect(await screen.findByRole('progressbar', { name: 'Progress' })).toHaveAttribute('aria-valuenow', '40');
    expect(screen.getByRole('button', { name: 'Run Pose estimation · 2 credits' })).toBeDisabled();

    act(() => socket.simulateResult(jobEvent(poseJob({ status: 'SUCCEEDED', progress: 1, finishedAt: '2026-12-05T08:00:02.000Z', result: poseResult }))));
    await screen.findByText('Found 1 pose.');
    expect(screen.getByTestId('job-progress')).toHaveAttribute('data-status', 'SUCCEEDED');
    expect(screen.queryByRole('button', { name: /Cancel job/ })).not.toBeInTheDocument();
    // The image loads (jsdom does not decode images: give it a size), then the overlay is drawn.
    const image = screen.getByRole('img', { name: 'Submitted image' });
    Object.defineProperty(image, 'naturalWidth', { value: 640 });
    Object.defineProperty(image, 'naturalHeight', { value: 480 });
    fireEvent.load(image);
    expect(await screen.findByTestId('result-overlay')).toHaveAttribute('viewBox', '0 0 640 480');
    // nose has no pair here; shoulders–shoulders, left shoulder–elbow, elbow–wrist.
    expect(screen.getAllByTestId('skeleton-bone')).toHaveLength(3);
  });

  it('shows why a job failed, and that it was refunded', async () => {
    const user = userEvent.setup();
    const socket = liveSocket();
    const submit: Mock = { request: { query: SubmitAnalysisMutation, variables: () => true }, result: { data: { __typename: 'Mutation', submitAnalysis: poseJob() } } };
    renderInLayout(<PlaygroundPage />, { path: '/playground', mocks: [viewerMock(), featuresMock, submit], socket });
    await runPoseOnUrl(user);
    await screen.findByTestId('job-progress');
    await waitFor(() => expect(socket.operation?.variables).toEqual({ id: 'job-pose' }));
    // As the server does, the first event is the current state: from then on the page does not poll.
    act(() => socket.simulateResult(jobEvent(poseJob())));
    act(() => socket.simulateResult(jobEvent(poseJob({ status: 'FAILED', error: { __typename: 'JobError', code: 'IMAGE_FETCH_FAILED', message: 'The image could not be downloaded' } }))));
    expect(await screen.findByText(/The image could not be downloaded \(IMAGE_FETCH_FAILED\)\. The credits were refunded\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run Pose estimation · 2 credits' })).toBeEnabled();
  });

  it('shows INSUFFICIENT_CREDITS with a link to billing', async () => {
    const user = userEvent.setup();
    renderInLayout(<PlaygroundPage />, {
      path: '/playground',
      mocks: [viewerMock(), featuresMock, { request: { query: SubmitAnalysisMutation, variables: () => true }, result: graphQLError('INSUFFICIENT_CREDITS', 'Not enough credits: 2 needed, 1 left') }],
    });
    await runPoseOnUrl(user);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'INSUFFICIENT_CREDITS');
    expect(screen.getByRole('link', { name: 'Buy credits' })).toHaveAttribute('href', '/billing');
  });
});
