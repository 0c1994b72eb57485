import { graphql } from '../../gql';

/** A job as lists show it: everything but its result (which may hold a whole PNG). */
export const JobSummaryFieldsFragment = graphql(`
  fragment JobSummaryFields on Job {
    id
    status
    progress
    feature
    batchId
    creditsCharged
    attempts
    createdAt
    startedAt
    finishedAt
    error {
      code
      message
    }
  }
`);

/** Everything the dashboard shows of a job; the result only once it SUCCEEDED. */
export const JobFieldsFragment = graphql(`
  fragment JobFields on Job {
    ...JobSummaryFields
    result {
      ...AnalysisResultFields
    }
  }
`);

export const JobQuery = graphql(`
  query Job($id: ID!) {
    job(id: $id) {
      ...JobFields
    }
  }
`);

export const JobsQuery = graphql(`
  query Jobs($first: Int!, $after: String, $status: JobStatus, $batchId: ID) {
    jobs(first: $first, after: $after, status: $status, batchId: $batchId) {
      nodes {
        ...JobSummaryFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`);

export const CancelJobMutation = graphql(`
  mutation CancelJob($id: ID!) {
    cancelJob(id: $id) {
      ...JobFields
    }
  }
`);

/** Each event is the whole job; Apollo writes it into the normalized cache, so every view of it updates. */
export const JobUpdatedSubscription = graphql(`
  subscription JobUpdated($id: ID, $batchId: ID) {
    jobUpdated(id: $id, batchId: $batchId) {
      ...JobFields
    }
  }
`);
