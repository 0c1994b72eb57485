import type { AnalysisResultFieldsFragment, JobFieldsFragment } from '../gql/graphql';

/** An AnalysisResult as a job carries it (no viewer: the balance may have moved since). */
export function testResult(overrides: Partial<AnalysisResultFieldsFragment> = {}): AnalysisResultFieldsFragment {
  return {
    __typename: 'AnalysisResult',
    consumptionId: 'consumption-1',
    creditsCharged: 2,
    balance: 48,
    durationMs: 310,
    provider: 'LOCAL',
    feature: 'OBJECT_DETECTION',
    replayed: false,
    viewer: null,
    labels: null,
    objects: null,
    instances: null,
    texts: null,
    poses: null,
    faces: null,
    image: null,
    ...overrides,
  };
}

export function testJob(overrides: Partial<JobFieldsFragment> = {}): JobFieldsFragment {
  return {
    __typename: 'Job',
    id: 'job-1',
    status: 'QUEUED',
    progress: 0,
    feature: 'OBJECT_DETECTION',
    batchId: null,
    creditsCharged: 2,
    attempts: 0,
    createdAt: '2026-12-05T08:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    error: null,
    result: null,
    ...overrides,
  };
}

/** A subscription event as the socket delivers it. */
export function jobEvent(job: JobFieldsFragment) {
  return { result: { data: { __typename: 'Subscription' as const, jobUpdated: job } } };
}
