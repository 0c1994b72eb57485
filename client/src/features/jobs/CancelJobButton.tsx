import { useMutation } from '@apollo/client/react';
import type { JobSummaryFieldsFragment as Job } from '../../gql/graphql';
import { ViewerQuery } from '../auth/operations';
import { isActive } from './live';
import { CancelJobMutation } from './operations';

/** Cancels a queued or running job (refunded: the header balance is asked again); the row follows through the cache. */
export function CancelJobButton({ job, onError }: { job: Pick<Job, 'id' | 'status'>; onError: (error: unknown) => void }) {
  const [cancelJob, { loading }] = useMutation(CancelJobMutation, { refetchQueries: [ViewerQuery] });
  if (!isActive(job.status)) return null;
  return (
    <button
      type="button"
      className="button button--secondary button--small"
      disabled={loading}
      onClick={() => cancelJob({ variables: { id: job.id } }).catch(onError)}
      aria-label={`Cancel job ${job.id.slice(0, 8)}`}
    >
      Cancel
    </button>
  );
}
