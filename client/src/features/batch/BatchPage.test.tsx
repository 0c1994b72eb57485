import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobFieldsFragment } from '../../gql/graphql';
import { jobEvent, testJob, testResult } from '../../test/jobs';
import { liveSocket, renderInLayout, viewerMock, type Mock } from '../../test/render';
import { FeaturesQuery } from '../playground/operations';
import { batchCsv } from './batch-export';
import { BatchPage, MAX_BATCH_IMAGES } from './BatchPage';
import { BatchJobsQuery, SubmitBatchMutation } from './operations';

const featuresMock: Mock = {
  request: { query: FeaturesQuery },
  result: {
    data: {
      __typename: 'Query',
      features: [
        { __typename: 'Feature', name: 'OBJECT_DETECTION', description: 'Boxes', credits: 2, input: 'IMAGE', provider: 'LOCAL', available: true, unavailableReason: null },
        { __typename: 'Feature', name: 'IMAGE_GENERATION', description: 'Prompt', credits: 5, input: 'PROMPT', provider: 'FAL', available: true, unavailableReason: null },
      ],
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const png = (name: string) => new File([new Uint8Array([137, 80, 78, 71, name.length])], name, { type: 'image/png' });
const NAMES = ['astronaut.png', 'chelsea.png', 'coffee.png'];
const BATCH = 'batch-0123456789';
const queuedJobs = NAMES.map((_, index) => testJob({ id: `job-${index}`, batchId: BATCH }));
const cat = (index: number) => ({ __typename: 'DetectedObject' as const, label: index === 1 ? 'cat' : 'person', score: 0.9, box: { __typename: 'BoundingBox' as const, x: 1, y: 2, width: 30, height: 40 } });
const succeeded = (index: number): JobFieldsFragment =>
  testJob({ ...queuedJobs[index], status: 'SUCCEEDED', progress: 1, finishedAt: '2026-12-05T08:00:04.000Z', result: testResult({ consumptionId: `c-${index}`, objects: [cat(index)] }) });

/** jsdom's Blob has no text(). */
const readBlob = (blob: Blob) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.readAsText(blob);
  });

let blobs: Blob[];
let downloads: string[];
beforeEach(() => {
  downloads = [];
  // jsdom cannot navigate: record which file each click would save.
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push(this.download);
  });
  blobs = [];
  let counter = 0;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    blobs.push(blob);
    counter += 1;
    return `blob:test/${counter}`;
  });
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => vi.restoreAllMocks());

/** The batch page signed in; the submit must carry the three files in one request. */
function renderBatch(socket = liveSocket(), jobsAnswers: JobFieldsFragment[][] = [queuedJobs]) {
  const submitted = vi.fn();
  const submit: Mock = {
    request: {
      query: SubmitBatchMutation,
      variables: (variables: { feature: string; images: File[]; idempotencyKey: string }) => {
        submitted(variables);
        return variables.feature === 'OBJECT_DETECTION' && variables.images.length === 3 && variables.idempotencyKey.length > 10;
      },
    },
    result: { data: { __typename: 'Mutation', submitAnalyses: { __typename: 'JobBatch', id: BATCH, jobs: queuedJobs } } },
  };
  const served = vi.fn();
  const jobsMocks: Mock[] = jobsAnswers.map((jobs, index) => ({
    request: { query: BatchJobsQuery, variables: { batchId: BATCH, first: MAX_BATCH_IMAGES } },
    result: () => {
      served(index);
      return { data: { __typename: 'Query', jobs: { __typename: 'JobPage', nodes: jobs } } };
    },
    maxUsageCount: index === jobsAnswers.length - 1 ? Number.POSITIVE_INFINITY : 1,
  }));
  renderInLayout(<BatchPage />, { path: '/batch', socket, mocks: [viewerMock(), featuresMock, submit, ...jobsMocks] });
  return { submitted, served, user: userEvent.setup() };
}

const statuses = () => screen.getAllByTestId('batch-row').map((row) => within(row).queryByTestId('job-status')?.getAttribute('data-status') ?? null);

describe('batch page', () => {
  it('refuses more than 50 images with a clear message, and the drop zone is named by its text', async () => {
    const { user } = renderBatch();
    const dropzone = await screen.findByRole('button', { name: /Drop images here or choose files/ });
    expect(dropzone).toHaveAccessibleName(expect.stringContaining('Up to 50 images'));
    const files = Array.from({ length: 51 }, (_, index) => png(`image-${index}.png`));
    await user.upload(screen.getByTestId('batch-file-input'), files);
    expect(screen.getByRole('alert')).toHaveTextContent('A batch takes at most 50 images: you have 0 and tried to add 51.');
    expect(screen.queryByRole('list', { name: 'Picked images' })).not.toBeInTheDocument();

    fireEvent.drop(dropzone, { dataTransfer: { files: files.slice(0, 50) } });
    expect(await screen.findByTestId('picked-count')).toHaveTextContent('50 of 50 images');
    await user.upload(screen.getByTestId('batch-file-input'), [png('one-more.png')]);
    expect(screen.getByRole('alert')).toHaveTextContent('you have 50 and tried to add 1');
    expect(screen.getByRole('button', { name: 'Run Object detection on 50 images · 100 credits' })).toBeEnabled();
  });

  it('uploads every image in one request, then each row follows its job live; downloads JSON and CSV', async () => {
    const socket = liveSocket();
    const { user, submitted, served } = renderBatch(socket);
    await screen.findByRole('radio', { name: /Object detection/ });
    // Only image features can run on a batch.
    expect(screen.queryByRole('radio', { name: /Image generation/ })).not.toBeInTheDocument();
    await user.upload(screen.getByTestId('batch-file-input'), NAMES.map(png));
    await user.click(screen.getByRole('button', { name: 'Run Object detection on 3 images · 6 credits' }));

    await waitFor(() => expect(served).toHaveBeenCalled());
    expect(submitted).toHaveBeenCalledTimes(1);
    expect(submitted.mock.calls[0][0].images.map((file: File) => file.name)).toEqual(NAMES);
    await waitFor(() => expect(statuses()).toEqual(['QUEUED', 'QUEUED', 'QUEUED']));
    await waitFor(() => expect(socket.operation?.variables).toEqual({ batchId: BATCH }));
    // As the server does, the first event is the current state: from then on the page does not poll.
    act(() => socket.simulateResult(jobEvent(queuedJobs[0])));
    expect(screen.getByRole('progressbar', { name: 'Batch progress' })).toHaveAttribute('aria-valuenow', '0');

    act(() => socket.simulateResult(jobEvent(testJob({ ...queuedJobs[0], status: 'RUNNING', progress: 0.5 }))));
    await waitFor(() => expect(statuses()).toEqual(['RUNNING', 'QUEUED', 'QUEUED']));
    expect(screen.getByRole('progressbar', { name: 'Batch progress' })).toHaveAttribute('aria-valuenow', '17');

    for (const index of [1, 0, 2]) act(() => socket.simulateResult(jobEvent(succeeded(index))));
    await waitFor(() => expect(statuses()).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']));
    expect(screen.getByRole('progressbar', { name: 'Batch progress' })).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByTestId('batch-counts')).toHaveTextContent('3 of 3 finished · 3 succeeded');
    expect(screen.getAllByTestId('batch-result-summary').map((cell) => cell.textContent)).toEqual(['1 object: person', '1 object: cat', '1 object: person']);

    await user.click(screen.getByRole('button', { name: 'Download JSON' }));
    expect(downloads).toEqual([`visiongate-batch-${BATCH}.json`]);
    const exported = JSON.parse(await readBlob(blobs[blobs.length - 1]));
    expect(exported.batchId).toBe(BATCH);
    expect(exported.jobs.map((job: { file: string; status: string }) => [job.file, job.status])).toEqual(NAMES.map((name) => [name, 'SUCCEEDED']));
    expect(exported.jobs[1].result.objects[0]).toEqual({ label: 'cat', score: 0.9, box: { x: 1, y: 2, width: 30, height: 40 } });

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(downloads[1]).toBe(`visiongate-batch-${BATCH}.csv`);
    const csv = await readBlob(blobs[blobs.length - 1]);
    expect(csv.split('\r\n')[0]).toBe('file,job_id,status,feature,credits,duration_ms,summary,error_code,error_message,result_json');
    expect(csv.split('\r\n')[2]).toMatch(/^chelsea\.png,job-1,SUCCEEDED,OBJECT_DETECTION,2,310,1 object: cat,,,"\{""consumptionId"":""c-1""/);
  });

  it('polls the batch when the server refuses the subscription, so the rows still reach their end', async () => {
    const socket = liveSocket();
    const { user, served } = renderBatch(socket, [queuedJobs, [succeeded(0), succeeded(1), succeeded(2)]]);
    await screen.findByRole('radio', { name: /Object detection/ });
    await user.upload(screen.getByTestId('batch-file-input'), NAMES.map(png));
    await user.click(screen.getByRole('button', { name: /Run Object detection on 3 images/ }));
    await waitFor(() => expect(statuses()).toEqual(['QUEUED', 'QUEUED', 'QUEUED']));
    await waitFor(() => expect(socket.operation?.variables).toEqual({ batchId: BATCH }));
    act(() => socket.simulateResult({ error: new Error('Cannot query field "jobUpdated" on type "Subscription".') }));
    await waitFor(() => expect(statuses()).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']), { timeout: 5000 });
    expect(served).toHaveBeenCalledWith(1);
  });
});

describe('batch CSV', () => {
  it('quotes commas and quotes, and neutralizes spreadsheet formulas in file names', () => {
    const job = testJob({ status: 'FAILED', error: { __typename: 'JobError', code: 'PROVIDER_ERROR', message: 'said "no", twice' } });
    const [, row] = batchCsv([{ fileName: '=HYPERLINK("x").png', job }]).split('\r\n');
    expect(row).toBe(`"'=HYPERLINK(""x"").png",job-1,FAILED,OBJECT_DETECTION,2,,,PROVIDER_ERROR,"said ""no"", twice",`);
  });
});
