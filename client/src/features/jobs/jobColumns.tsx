import { Link } from 'react-router';
import type { Column } from '../../design/DataTable';
import { Loading, ProgressBar, StatusBadge } from '../../design/Feedback';
import type { JobSummaryFieldsFragment as Job } from '../../gql/graphql';
import { featureLabel } from '../../lib/features';
import { formatDateTime, formatPercent } from '../../lib/format';

/** Wall time from start to end (or "—" while it has not ended). */
export function jobDuration(job: Pick<Job, 'startedAt' | 'finishedAt'>): string {
  if (!job.startedAt || !job.finishedAt) return '—';
  const ms = new Date(job.finishedAt).getTime() - new Date(job.startedAt).getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** The status badge, with the progress while it runs. */
export function JobStatusCell({ job }: { job: Pick<Job, 'status' | 'progress'> }) {
  return (
    <span className="nowrap" data-testid="job-status" data-status={job.status}>
      <StatusBadge status={job.status} />
      {job.status === 'RUNNING' && <span className="small muted"> {formatPercent(job.progress)}</span>}
    </span>
  );
}

/** Where an unfinished job is: waiting in the queue, or its progress bar while it runs (nothing once it ended). */
export function JobWaiting({ job }: { job: Pick<Job, 'status' | 'progress'> }) {
  if (job.status === 'QUEUED') return <Loading label="Queued, waiting for a worker…" />;
  if (job.status === 'RUNNING') return <ProgressBar value={job.progress} label="Progress" />;
  return null;
}

export const shortId = (id: string) => id.slice(0, 8);

/** The columns of the jobs list; pick with `jobColumns.status` etc. */
export const jobColumns = {
  status: { header: 'Status', cell: (job) => <JobStatusCell job={job} /> },
  feature: {
    header: 'Feature',
    cell: (job) => (
      <Link to={`/jobs/${job.id}`} aria-label={`${featureLabel(job.feature)} job ${shortId(job.id)}`}>
        {featureLabel(job.feature)}
      </Link>
    ),
  },
  batch: {
    header: 'Batch',
    nowrap: true,
    cell: (job) =>
      job.batchId ? (
        <Link to={`/jobs?batchId=${encodeURIComponent(job.batchId)}`} title={job.batchId}>
          <code>{shortId(job.batchId)}</code>
        </Link>
      ) : (
        <span className="muted">—</span>
      ),
  },
  created: { header: 'Created', nowrap: true, cell: (job) => formatDateTime(job.createdAt) },
  duration: { header: 'Duration', numeric: true, nowrap: true, cell: (job) => jobDuration(job) },
  credits: { header: 'Credits', numeric: true, cell: (job) => job.creditsCharged.toLocaleString() },
} satisfies Record<string, Column<Job>>;
