import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { setLiveStatus } from '../../app/live-status';
import { jobEvent, testJob, testResult } from '../../test/jobs';
import { liveSocket, renderWithApollo, testPage, type Mock } from '../../test/render';
import { JobDetailPage } from './JobDetailPage';
import { JobsPage } from './JobsPage';
import { CancelJobMutation, JobQuery, JobsQuery } from './operations';

/** The list fields only: lists do not fetch results. */
const summary = (job: ReturnType<typeof testJob>) => {
  const { result: _result, ...rest } = job;
  return rest;
};

const queued = testJob({ id: 'job-queued-1', status: 'QUEUED', batchId: 'batch-abcdef12' });
const running = testJob({ id: 'job-running-1', status: 'RUNNING', progress: 0.25, startedAt: '2026-12-05T08:00:01.000Z', feature: 'POSE_ESTIMATION' });
const done = testJob({ id: 'job-done-1', status: 'SUCCEEDED', progress: 1, startedAt: '2026-12-05T08:00:01.000Z', finishedAt: '2026-12-05T08:00:03.500Z', creditsCharged: 3 });

const page = (jobs: Array<ReturnType<typeof testJob>>, pageInfo?: { endCursor: string | null; hasNextPage: boolean }) => ({
  data: { __typename: 'Query', jobs: testPage('JobPage', jobs.map(summary), pageInfo) },
});

const jobsMock = (variables: Record<string, unknown>, result: ReturnType<typeof page>, served = vi.fn()): Mock => ({
  request: { query: JobsQuery, variables: { first: 20, after: null, status: null, batchId: null, ...variables } },
  result: () => {
    served();
    return result;
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
});

const statusOf = (row: HTMLElement) => within(row).getByTestId('job-status').getAttribute('data-status');

describe('jobs page', () => {
  it('lists jobs with status, feature, batch, duration and credits; cancel only for unfinished ones', async () => {
    const user = userEvent.setup();
    const cancel: Mock = {
      request: { query: CancelJobMutation, variables: { id: 'job-queued-1' } },
      result: { data: { __typename: 'Mutation', cancelJob: testJob({ ...queued, status: 'CANCELED', finishedAt: '2026-12-05T08:00:05.000Z', error: { __typename: 'JobError', code: 'CANCELED', message: 'Canceled by you' } }) } },
    };
    renderWithApollo(<JobsPage />, { mocks: [jobsMock({}, page([queued, running, done])), cancel], route: '/jobs' });

    const rows = await screen.findAllByTestId('job-row');
    expect(rows).toHaveLength(3);
    expect(rows.map(statusOf)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(within(rows[1]).getByText('25%')).toBeInTheDocument();
    expect(within(rows[0]).getByRole('link', { name: 'batch-ab' })).toHaveAttribute('href', '/jobs?batchId=batch-abcdef12');
    expect(within(rows[2]).getByRole('link', { name: /Object detection job job-done/ })).toHaveAttribute('href', '/jobs/job-done-1');
    expect(within(rows[2]).getByText('2.5 s')).toBeInTheDocument();
    expect(within(rows[2]).getByText('3')).toBeInTheDocument();
    expect(within(rows[2]).queryByRole('button', { name: /Cancel/ })).not.toBeInTheDocument();
    expect(within(rows[1]).getByRole('button', { name: 'Cancel job job-runn' })).toBeEnabled();

    await user.click(within(rows[0]).getByRole('button', { name: 'Cancel job job-queu' }));
    await waitFor(() => expect(statusOf(screen.getAllByTestId('job-row')[0])).toBe('CANCELED'));
    expect(within(screen.getAllByTestId('job-row')[0]).queryByRole('button', { name: /Cancel/ })).not.toBeInTheDocument();
  });

  it('filters by status and by batch, and pages with the cursor', async () => {
    const user = userEvent.setup();
    const failedServed = vi.fn();
    const batchServed = vi.fn();
    const failed = testJob({ id: 'job-failed-1', status: 'FAILED', error: { __typename: 'JobError', code: 'PROVIDER_ERROR', message: 'boom' } });
    renderWithApollo(<JobsPage />, {
      route: '/jobs',
      mocks: [
        jobsMock({}, page([done], { endCursor: 'cursor-1', hasNextPage: true })),
        jobsMock({ after: 'cursor-1' }, page([testJob({ id: 'job-older-1', status: 'EXPIRED' })])),
        jobsMock({ status: 'FAILED' }, page([failed]), failedServed),
        jobsMock({ status: 'FAILED', batchId: 'batch-xyz' }, page([]), batchServed),
      ],
    });
    await screen.findByTestId('job-row');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(statusOf(screen.getByTestId('job-row'))).toBe('EXPIRED'));
    expect(screen.getByText('Page 2')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Status'), 'FAILED');
    await waitFor(() => expect(statusOf(screen.getByTestId('job-row'))).toBe('FAILED'));
    expect(failedServed).toHaveBeenCalled();
    expect(screen.queryByText('Page 2')).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Batch id'), 'batch-xyz');
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    expect(await screen.findByText('No job matches these filters')).toBeInTheDocument();
    expect(batchServed).toHaveBeenCalled();
  });

  it('follows unfinished rows live through the subscription', async () => {
    const socket = liveSocket();
    // The socket is up: the list relies on its rows' subscriptions instead of polling.
    setLiveStatus('connected');
    renderWithApollo(<JobsPage />, { mocks: [jobsMock({}, page([running, done]))], route: '/jobs', socket });
    const [row] = await screen.findAllByTestId('job-row');
    expect(statusOf(row)).toBe('RUNNING');
    await waitFor(() => expect(socket.operation?.variables).toEqual({ id: 'job-running-1' }));
    act(() => socket.simulateResult(jobEvent(testJob({ ...running, status: 'RUNNING', progress: 0.8 }))));
    expect(await within(row).findByText('80%')).toBeInTheDocument();
    act(() => socket.simulateResult(jobEvent(testJob({ ...running, status: 'SUCCEEDED', progress: 1, finishedAt: '2026-12-05T08:00:02.000Z', result: testResult({ feature: 'POSE_ESTIMATION', poses: [] }) }))));
    await waitFor(() => expect(statusOf(screen.getAllByTestId('job-row')[0])).toBe('SUCCEEDED'));
  });
});

describe('job detail page', () => {
  const renderDetail = (job: ReturnType<typeof testJob>, socket = liveSocket()) =>
    renderWithApollo(
      <Routes>
        <Route path="/jobs/:id" element={<JobDetailPage />} />
      </Routes>,
      { route: `/jobs/${job.id}`, socket, mocks: [{ request: { query: JobQuery, variables: { id: job.id } }, result: { data: { __typename: 'Query', job } }, maxUsageCount: Number.POSITIVE_INFINITY }] },
    );

  it('draws the result over a blank canvas of its extent (the image is not kept)', async () => {
    const objects = [
      { __typename: 'DetectedObject' as const, label: 'cat', score: 0.91, box: { __typename: 'BoundingBox' as const, x: 10, y: 20, width: 300, height: 180 } },
      { __typename: 'DetectedObject' as const, label: 'remote', score: 0.6, box: { __typename: 'BoundingBox' as const, x: 320, y: 40, width: 80, height: 60 } },
    ];
    renderDetail(testJob({ ...done, result: testResult({ objects }) }));
    expect(await screen.findByTestId('result-overlay')).toHaveAttribute('viewBox', '0 0 420 210');
    expect(screen.getAllByTestId('object-box')).toHaveLength(2);
    expect(screen.getByTestId('result-counts')).toHaveTextContent('Found 2 objects.');
    expect(screen.getByTestId('job-facts')).toHaveTextContent('2.5 s');
  });

  it('shows the error of a failed job, and the progress of a running one as it arrives', async () => {
    const socket = liveSocket();
    renderDetail(running, socket);
    expect(await screen.findByRole('progressbar', { name: 'Progress' })).toHaveAttribute('aria-valuenow', '25');
    await waitFor(() => expect(socket.operation?.variables).toEqual({ id: 'job-running-1' }));
    act(() => socket.simulateResult(jobEvent(running)));
    act(() => socket.simulateResult(jobEvent(testJob({ ...running, status: 'FAILED', finishedAt: '2026-12-05T08:00:02.000Z', error: { __typename: 'JobError', code: 'PROVIDER_ERROR', message: 'The model crashed' } }))));
    expect(await screen.findByRole('alert')).toHaveTextContent('PROVIDER_ERROR: The model crashed');
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Cancel/ })).not.toBeInTheDocument();
  });
});
