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

export const AnalyzeImageMutation = graphql(`
  mutation AnalyzeImage($feature: VisionFeature!, $image: Upload!, $options: AnalysisOptionsInput, $idempotencyKey: String) {
    analyzeImage(feature: $feature, image: $image, options: $options, idempotencyKey: $idempotencyKey) {
      ...AnalysisResultFields
    }
  }
`);

export const AnalyzeImageUrlMutation = graphql(`
  mutation AnalyzeImageUrl($feature: VisionFeature!, $url: String!, $options: AnalysisOptionsInput, $idempotencyKey: String) {
    analyzeImageUrl(feature: $feature, url: $url, options: $options, idempotencyKey: $idempotencyKey) {
      ...AnalysisResultFields
    }
  }
`);

export const GenerateImageMutation = graphql(`
  mutation GenerateImage($prompt: String!, $options: GenerationOptionsInput, $idempotencyKey: String) {
    generateImage(prompt: $prompt, options: $options, idempotencyKey: $idempotencyKey) {
      ...AnalysisResultFields
    }
  }
`);
