import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { DataTable, type Column } from '../../design/DataTable';
import { DropZone } from '../../design/DropZone';
import { ErrorNotice } from '../../design/ErrorNotice';
import { EmptyState, Notice, PageHeader, ProgressBar } from '../../design/Feedback';
import type { JobFieldsFragment, VisionFeature } from '../../gql/graphql';
import { describeErrors } from '../../lib/errors';
import { featureLabel } from '../../lib/features';
import { newIdempotencyKey } from '../../lib/idempotency';
import { usePreviewUrls } from '../../lib/preview-urls';
import { ViewerQuery } from '../auth/operations';
import { useViewer } from '../auth/viewer';
import { JobStatusCell } from '../jobs/jobColumns';
import { isActive, useJobUpdates } from '../jobs/live';
import { FeatureChoiceField, useFeatureChoice } from '../playground/FeaturePicker';
import { batchCsv, batchJson, downloadText, summarizeResult, type BatchItem } from './batch-export';
import { BatchJobsQuery, SubmitBatchMutation } from './operations';

/** What submitAnalyses accepts in one call. */
export const MAX_BATCH_IMAGES = 50;
const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp,image/gif,image/tiff';

interface Picked {
  key: string;
  file: File;
  previewUrl: string;
}

interface Submitted {
  batchId: string;
  feature: string;
  /** In the order the images were picked (the server answers the jobs in that order). */
  items: Array<{ jobId: string; file: File; previewUrl: string; queued: JobFieldsFragment }>;
}

type Row = { id: string; fileName: string; previewUrl: string; job: JobFieldsFragment | undefined };

const isImage = (file: File) => file.type.startsWith('image/') || file.type === '';

/** Many images at once: one multipart request, one job per image, each row following its job live. */
export function BatchPage() {
  const { viewer } = useViewer();
  const featureChoice = useFeatureChoice({ imagesOnly: true });
  const { feature } = featureChoice;
  const [picked, setPicked] = useState<Picked[]>([]);
  const [pickError, setPickError] = useState<string | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const [submitBatch] = useMutation(SubmitBatchMutation, { refetchQueries: [ViewerQuery] });

  // Previews live until the page closes: rows of a submitted batch keep showing them.
  const previewUrls = usePreviewUrls();

  const cost = feature ? feature.credits * picked.length : 0;
  const tooExpensive = Boolean(viewer && feature && picked.length && viewer.credits < cost);

  function addFiles(list: FileList | File[] | null | undefined) {
    const files = Array.from(list ?? []);
    const images = files.filter(isImage);
    const skipped = files.length - images.length;
    if (picked.length + images.length > MAX_BATCH_IMAGES) {
      setPickError(
        `A batch takes at most ${MAX_BATCH_IMAGES} images: you have ${picked.length} and tried to add ${images.length}. Remove some, or split them into several batches.`,
      );
      return;
    }
    setPickError(skipped ? `${skipped} file${skipped === 1 ? ' is' : 's are'} not an image and ${skipped === 1 ? 'was' : 'were'} left out.` : null);
    const added = images.map((file) => {
      const previewUrl = URL.createObjectURL(file);
      previewUrls.add(previewUrl);
      return { key: `${file.name}-${file.size}-${previewUrl}`, file, previewUrl };
    });
    setPicked((current) => [...current, ...added]);
    setIdempotencyKey(newIdempotencyKey());
    setError(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!feature || !picked.length || uploading !== null) return;
    setError(null);
    setUploading(0);
    try {
      const { data } = await submitBatch({
        variables: { feature: feature.name as VisionFeature, images: picked.map((item) => item.file), idempotencyKey },
        context: { fetchOptions: { onUploadProgress: (loaded: number, total: number) => setUploading(loaded / total) } },
      });
      const batch = data?.submitAnalyses;
      if (batch) {
        setSubmitted({
          batchId: batch.id,
          feature: feature.name,
          items: batch.jobs.map((job, index) => ({ jobId: job.id, file: picked[index].file, previewUrl: picked[index].previewUrl, queued: job })),
        });
        setPicked([]);
      }
      setIdempotencyKey(newIdempotencyKey());
    } catch (caught) {
      setError(caught);
      if (describeErrors(caught)[0]?.code !== 'NETWORK_ERROR') setIdempotencyKey(newIdempotencyKey());
    } finally {
      setUploading(null);
    }
  }

  return (
    <>
      <PageHeader title="Batch" description={`Analyze up to ${MAX_BATCH_IMAGES} images at once. Each image is one job, charged at the feature's price and refunded if it does not succeed.`} />
      <div className="stack">
        <form className="card stack" onSubmit={submit} aria-label="Submit a batch">
          <FeatureChoiceField choice={featureChoice} onSelect={featureChoice.setSelected} />
          <DropZone accept={ACCEPTED_TYPES} multiple onFiles={addFiles} testId="batch-dropzone" inputTestId="batch-file-input">
            <strong>Drop images here or choose files</strong>
            <div className="small">
              Up to {MAX_BATCH_IMAGES} images (JPEG, PNG, WebP, GIF, TIFF; up to 10 MB each)
            </div>
          </DropZone>
          {pickError && <Notice tone="error">{pickError}</Notice>}
          {picked.length > 0 && (
            <div className="stack" style={{ gap: 8 }}>
              <div className="row row--between">
                <span className="small" data-testid="picked-count">
                  {picked.length} of {MAX_BATCH_IMAGES} images
                </span>
                <button type="button" className="button button--ghost button--small" onClick={() => setPicked([])}>
                  Remove all
                </button>
              </div>
              <ul className="thumb-list" aria-label="Picked images">
                {picked.map((item) => (
                  <li key={item.key} className="thumb-list__item">
                    <img src={item.previewUrl} alt="" className="thumb" />
                    <span className="small thumb-list__name">{item.file.name}</span>
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      aria-label={`Remove ${item.file.name}`}
                      onClick={() => setPicked((current) => current.filter((other) => other.key !== item.key))}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {tooExpensive && feature && (
            <Notice tone="warning">
              {picked.length} × {featureLabel(feature.name)} costs {cost} credits and your balance is {viewer?.credits}. <Link to="/billing">Buy credits</Link>
            </Notice>
          )}
          {uploading !== null && <ProgressBar value={uploading} label="Uploading" />}
          <ErrorNotice error={error} />
          <button className="button" type="submit" disabled={!feature?.available || !picked.length || uploading !== null}>
            {feature && picked.length ? `Run ${featureLabel(feature.name)} on ${picked.length} image${picked.length === 1 ? '' : 's'} · ${cost} credits` : 'Run batch'}
          </button>
        </form>
        {submitted ? <BatchProgress key={submitted.batchId} batch={submitted} /> : <EmptyState title="No batch yet">Pick a feature and some images, then run them.</EmptyState>}
      </div>
    </>
  );
}

/** The submitted batch: one row per image following its job live, the overall progress, and the exports. */
function BatchProgress({ batch }: { batch: Submitted }) {
  const [active, setActive] = useState(true);
  const { pollInterval } = useJobUpdates({ batchId: batch.batchId }, active);
  const { data, error } = useQuery(BatchJobsQuery, { variables: { batchId: batch.batchId, first: MAX_BATCH_IMAGES }, pollInterval });
  const jobsById = useMemo(() => new Map((data?.jobs.nodes ?? []).map((job) => [job.id, job])), [data]);
  // Before the first answer the rows show the jobs as the submit returned them (QUEUED).
  const rows: Row[] = batch.items.map((item) => ({ id: item.jobId, fileName: item.file.name, previewUrl: item.previewUrl, job: jobsById.get(item.jobId) ?? item.queued }));
  const known = rows.filter((row): row is Row & { job: JobFieldsFragment } => Boolean(row.job));
  const finished = known.filter((row) => !isActive(row.job.status)).length;
  const progress = rows.length ? known.reduce((sum, row) => sum + (isActive(row.job.status) ? row.job.progress : 1), 0) / rows.length : 0;
  const stillActive = known.length < rows.length || finished < rows.length;
  if (active !== stillActive) setActive(stillActive);
  const items: BatchItem[] = known.map((row) => ({ fileName: row.fileName, job: row.job }));
  const succeeded = known.filter((row) => row.job.status === 'SUCCEEDED').length;

  const columns: Array<Column<Row>> = [
    {
      header: 'Image',
      cell: (row) => (
        <span className="row" style={{ flexWrap: 'nowrap' }}>
          <img src={row.previewUrl} alt="" className="thumb" />
          <span className="small">{row.fileName}</span>
        </span>
      ),
    },
    { header: 'Status', cell: (row) => (row.job ? <JobStatusCell job={row.job} /> : <span className="muted">—</span>) },
    {
      header: 'Result',
      cell: (row) =>
        row.job?.result ? (
          <span data-testid="batch-result-summary">{summarizeResult(row.job.result)}</span>
        ) : row.job?.error ? (
          <span className="negative">{row.job.error.message}</span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { header: 'Details', hiddenHeader: true, cell: (row) => <Link to={`/jobs/${row.id}`} aria-label={`Details of ${row.fileName}`}>Details</Link> },
  ];

  return (
    <section className="card stack" aria-labelledby="batch-heading">
      <div className="row row--between">
        <h2 id="batch-heading" style={{ margin: 0 }}>
          Batch <code>{batch.batchId.slice(0, 8)}</code> · {featureLabel(batch.feature)}
        </h2>
        <Link to={`/jobs?batchId=${encodeURIComponent(batch.batchId)}`} className="small">
          In the jobs list
        </Link>
      </div>
      <ProgressBar value={progress} label="Batch progress" />
      <p className="small" style={{ margin: 0 }} aria-live="polite" data-testid="batch-counts">
        {finished} of {rows.length} finished · {succeeded} succeeded
      </p>
      <DataTable columns={columns} rows={rows} error={error} empty="No images in this batch" testId="batch-table" rowTestId="batch-row" />
      <div className="row">
        <button type="button" className="button button--secondary" disabled={!items.length} onClick={() => downloadText(`visiongate-batch-${batch.batchId}.csv`, 'text/csv', batchCsv(items))}>
          Download CSV
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={!items.length}
          onClick={() => downloadText(`visiongate-batch-${batch.batchId}.json`, 'application/json', batchJson(batch.batchId, items))}
        >
          Download JSON
        </button>
        {finished < rows.length && <span className="small muted">The files hold the results that have arrived so far.</span>}
      </div>
    </section>
  );
}
