import { graphql } from '../../gql';

export const UsageSummaryQuery = graphql(`
  query UsageSummary($from: String!, $to: String!, $timezone: String!) {
    usageSummary(from: $from, to: $to, timezone: $timezone) {
      from
      to
      timezone
      daily {
        day
        calls
        credits
      }
      byFeature {
        ...FeatureUsageFields
      }
      bySource {
        ...SourceUsageFields
      }
      totals {
        calls
        credits
        refundedCalls
      }
    }
  }
`);
