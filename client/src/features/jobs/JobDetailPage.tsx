import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorNotice } from '../../design/ErrorNotice';
import { Facts } from '../../design/Facts';
import { Loading, Notice, PageHeader } from '../../design/Feedback';
import type { JobFieldsFragment as Job } from '../../gql/graphql';
import { featureLabel } from '../../lib/features';
import { formatDateTime } from '../../lib/format';
import { ResultDetails, ResultSummary } from '../playground/ResultDetails';
import { ResultOverlay } from '../playground/ResultOverlay';
import { jobDuration, JobStatusCell, JobWaiting } from './jobColumns';
import { CancelJobButton } from './CancelJobButton';
import { isActive, useJobUpdates } from './live';
import { JobQuery } from './operations';
import { blankCanvas, resultExtent } from './result-canvas';

/** One job: where it is (live), then its result drawn, or why it ended without one. */
export function JobDetailPage() {
  const { id = '' } = useParams();
  const [active, setActive] = useState(true);
  const { pollInterval } = useJobUpdates({ id }, active);
  const { data, loading, error } = useQuery(JobQuery, { variables: { id }, pollInterval });
  const [cancelError, setCancelError] = useState<unknown>(null);
  const job = data?.job;
  const jobActive = job ? isActive(job.status) : true;
  if (active !== jobActive) setActive(jobActive);

  return (
    <>
      <PageHeader
        title={job ? `${featureLabel(job.feature)} job` : 'Job'}
        description={<code>{id}</code>}
        actions={
          <Link to="/jobs" className="button button--secondary button--small">
            All jobs
          </Link>
        }
      />
      {loading && !job && <Loading />}
      <ErrorNotice error={error ?? cancelError} />
      {job && (
        <div className="grid grid--sidebar">
          <section className="card stack" aria-labelledby="job-result-heading" aria-live="polite">
            <h2 id="job-result-heading" style={{ margin: 0 }}>
              Result
            </h2>
            <JobWaiting job={job} />
            {job.error && (
              <Notice tone="error">
                <strong>{job.error.code}</strong>: {job.error.message}
              </Notice>
            )}
            {job.result && <JobResult result={job.result} />}
          </section>
          <aside className="card stack" aria-labelledby="job-facts-heading">
            <h2 id="job-facts-heading" style={{ margin: 0 }}>
              Job
            </h2>
            <JobFacts job={job} />
            <CancelJobButton job={job} onError={setCancelError} />
          </aside>
        </div>
      )}
    </>
  );
}

function JobFacts({ job }: { job: Job }) {
  return (
    <Facts
      small
      testId="job-facts"
      facts={[
        ['Status', <JobStatusCell job={job} />],
        ['Feature', featureLabel(job.feature)],
        ['Batch', job.batchId ? <Link to={`/jobs?batchId=${encodeURIComponent(job.batchId)}`}>{job.batchId}</Link> : '—'],
        ['Created', formatDateTime(job.createdAt)],
        ['Started', formatDateTime(job.startedAt)],
        ['Finished', formatDateTime(job.finishedAt)],
        ['Duration', jobDuration(job)],
        ['Credits', job.creditsCharged],
        ['Attempts', job.attempts],
      ]}
    />
  );
}

/** The result as the playground shows it; the image itself is not kept, so shapes go on a blank canvas. */
function JobResult({ result }: { result: NonNullable<Job['result']> }) {
  const extent = result.image ? null : resultExtent(result);
  return (
    <>
      {extent && (
        <>
          <ResultOverlay key={result.consumptionId} imageSrc={blankCanvas(extent)} imageSize={extent} result={result} alt="Blank canvas: the submitted image is not kept" />
          <p className="small muted" style={{ margin: 0 }}>
            Shapes are drawn in the image’s pixel coordinates on a blank canvas: the submitted image is not kept.
          </p>
        </>
      )}
      <ResultDetails result={result} />
      <ResultSummary result={result} />
      <details>
        <summary className="small">Raw JSON</summary>
        <pre className="small" style={{ maxHeight: 320, overflow: 'auto' }}>
          {JSON.stringify(result, (key, value) => (key === 'mask' || key === 'png' ? (value ? `${String(value).slice(0, 32)}…` : value) : value), 2)}
        </pre>
      </details>
    </>
  );
}
