import { graphql } from '../../gql';

export const ConsumptionLogsQuery = graphql(`
  query ConsumptionLogs($filter: ConsumptionLogFilter, $first: Int!, $after: String) {
    consumptionLogs(filter: $filter, first: $first, after: $after) {
      nodes {
        id
        createdAt
        feature
        credits
        source
        status
        durationMs
        errorCode
        imageUrl
        apiTokenId
        apiTokenName
        apiTokenPrefix
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const UsageLogTokensQuery = graphql(`
  query UsageLogTokens {
    apiTokens {
      id
      name
      prefix
    }
  }
`);
