import { graphql } from '../../gql';

export const FeaturesQuery = graphql(`
  query Features {
    features {
      name
      description
      credits
      input
      provider
      available
      unavailableReason
    }
  }
`);

export const AnalysisResultFieldsFragment = graphql(`
  fragment AnalysisResultFields on AnalysisResult {
    consumptionId
    creditsCharged
    balance
    durationMs
    provider
    feature
    replayed
    viewer {
      id
      credits
    }
    labels {
      label
      score
    }
    objects {
      label
      score
      box {
        x
        y
        width
        height
      }
    }
    instances {
      label
      score
      box {
        x
        y
        width
        height
      }
      mask
    }
    texts {
      text
      score
      polygon {
        x
        y
      }
    }
    poses {
      score
      keypoints {
        name
        x
        y
        score
      }
    }
    faces {
      score
      box {
        x
        y
        width
        height
      }
      landmarks {
        name
        x
        y
        score
      }
    }
    image {
      png
      width
      height
    }
  }
`);

/** Queues an analysis of a file or a URL (exactly one); charged now, refunded if the job does not succeed. */
export const SubmitAnalysisMutation = graphql(`
  mutation SubmitAnalysis($feature: VisionFeature!, $image: Upload, $url: String, $options: AnalysisOptionsInput, $idempotencyKey: String) {
    submitAnalysis(feature: $feature, image: $image, url: $url, options: $options, idempotencyKey: $idempotencyKey) {
      ...JobFields
    }
  }
`);

export const SubmitGenerationMutation = graphql(`
  mutation SubmitGeneration($prompt: String!, $options: GenerationOptionsInput, $idempotencyKey: String) {
    submitGeneration(prompt: $prompt, options: $options, idempotencyKey: $idempotencyKey) {
      ...JobFields
    }
  }
`);
