import { graphql } from '../../gql';

/** Every image of the batch in ONE multipart request (the upload link sends the File list). */
export const SubmitBatchMutation = graphql(`
  mutation SubmitBatch($feature: VisionFeature!, $images: [Upload!]!, $options: AnalysisOptionsInput, $idempotencyKey: String) {
    submitAnalyses(feature: $feature, images: $images, options: $options, idempotencyKey: $idempotencyKey) {
      id
      jobs {
        ...JobFields
      }
    }
  }
`);

/** The batch's jobs with their results (a batch holds at most 50). */
export const BatchJobsQuery = graphql(`
  query BatchJobs($batchId: ID!, $first: Int!) {
    jobs(batchId: $batchId, first: $first) {
      nodes {
        ...JobFields
      }
    }
  }
`);
