import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { usePagedQuery } from '../../design/CursorPager';
import { DataTable, FilterSelect, type Column } from '../../design/DataTable';
import { ErrorNotice } from '../../design/ErrorNotice';
import { PageHeader } from '../../design/Feedback';
import { TextField } from '../../design/Field';
import { useLiveStatus } from '../../app/live-status';
import type { JobSummaryFieldsFragment as Job, JobStatus } from '../../gql/graphql';
import { jobColumns as column } from './jobColumns';
import { isActive, JobSubscriber, POLL_INTERVAL_MS } from './live';
import { CancelJobButton } from './CancelJobButton';
import { JobsQuery } from './operations';

const STATUS_OPTIONS: ReadonlyArray<readonly ['' | JobStatus, string]> = [
  ['', 'All statuses'],
  ['QUEUED', 'Queued'],
  ['RUNNING', 'Running'],
  ['SUCCEEDED', 'Succeeded'],
  ['FAILED', 'Failed'],
  ['CANCELED', 'Canceled'],
  ['EXPIRED', 'Expired'],
];

const PAGE_SIZE = 20;

/** Every job of mine, newest first, with live status; filter by status or batch (also ?status=&batchId= in the address). */
export function JobsPage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as '' | JobStatus;
  const batchId = params.get('batchId') ?? '';
  const [batchInput, setBatchInput] = useState(batchId);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const liveStatus = useLiveStatus();
  const [hasActive, setHasActive] = useState(false);

  const { table, pager, page } = usePagedQuery(JobsQuery, {
    variables: { status: status || null, batchId: batchId || null },
    pageSize: PAGE_SIZE,
    select: (data) => data.jobs,
    // Unfinished rows follow their subscriptions; poll only while the socket is not (known to be) working.
    pollInterval: hasActive && liveStatus !== 'connected' ? POLL_INTERVAL_MS : 0,
  });
  const activeIds = (page?.nodes ?? []).filter((job) => isActive(job.status)).map((job) => job.id);
  if (hasActive !== activeIds.length > 0) setHasActive(activeIds.length > 0);

  const setFilter = (name: 'status' | 'batchId', value: string) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
    pager.reset();
  };

  const actions: Column<Job> = { header: 'Actions', hiddenHeader: true, cell: (job) => <CancelJobButton job={job} onError={setCancelError} /> };

  return (
    <>
      <PageHeader title="Jobs" description="Every queued call, newest first. Statuses update live; a job that does not succeed is refunded." />
      <section className="card stack" aria-labelledby="jobs-heading">
        <h2 id="jobs-heading" className="visually-hidden">
          Your jobs
        </h2>
        <div className="form-row" style={{ alignItems: 'end' }}>
          <FilterSelect label="Status" value={status} options={STATUS_OPTIONS} onChange={(value) => setFilter('status', value)} pager={pager} />
          <form
            className="row"
            style={{ alignItems: 'end' }}
            aria-label="Filter by batch"
            onSubmit={(event) => {
              event.preventDefault();
              setFilter('batchId', batchInput.trim());
            }}
          >
            <TextField label="Batch id" value={batchInput} placeholder="All batches" onChange={(event) => setBatchInput(event.target.value)} />
            <button type="submit" className="button button--secondary">
              Filter
            </button>
            {batchId && (
              <button
                type="button"
                className="button button--ghost"
                onClick={() => {
                  setBatchInput('');
                  setFilter('batchId', '');
                }}
              >
                All batches
              </button>
            )}
          </form>
        </div>
        <ErrorNotice error={cancelError} />
        <DataTable
          {...table}
          columns={[column.status, column.feature, column.batch, column.created, column.duration, column.credits, actions]}
          empty={{ title: status || batchId ? 'No job matches these filters' : 'No jobs yet', hint: 'Submit one in the playground, a batch, or through the API.' }}
          testId="jobs-table"
          rowTestId="job-row"
        />
        {activeIds.map((id) => (
          <JobSubscriber key={id} id={id} />
        ))}
      </section>
    </>
  );
}
