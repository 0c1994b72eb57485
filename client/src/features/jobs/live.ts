import { useSubscription } from '@apollo/client/react';
import { useEffect } from 'react';
import { setLiveStatus, useLiveStatus } from '../../app/live-status';
import type { JobStatus } from '../../gql/graphql';
import { JobUpdatedSubscription } from './operations';

/** How often pages ask for their jobs while live updates are not (yet) arriving. */
export const POLL_INTERVAL_MS = 1500;

/** QUEUED and RUNNING jobs still change; the four others are final. */
export function isActive(status: JobStatus): boolean {
  return status === 'QUEUED' || status === 'RUNNING';
}

/**
 * Live updates of one job (`id`) or of a batch (`batchId`) while `active`. `live` is true once the
 * subscription delivered its first event (the current state) over a working socket; until then, and
 * whenever the socket drops or the server refuses the subscription, `pollInterval` asks the page's
 * query to poll so that progress still shows.
 */
export function useJobUpdates(target: { id: string } | { batchId: string } | null, active: boolean) {
  const status = useLiveStatus();
  const variables = target && 'id' in target ? { id: target.id } : { batchId: target?.batchId ?? null };
  const { data, error } = useSubscription(JobUpdatedSubscription, { variables, skip: !target || !active });
  useEffect(() => {
    if (error) setLiveStatus('down');
  }, [error]);
  const live = Boolean(data) && !error && status !== 'down';
  return { live, pollInterval: active && !live ? POLL_INTERVAL_MS : 0 };
}

/** Subscribes to one job and renders nothing: one per unfinished row of a list. */
export function JobSubscriber({ id }: { id: string }) {
  useJobUpdates({ id }, true);
  return null;
}
