import { graphql } from '../../gql';

export const ConsumptionLogsQuery = graphql(`
  query ConsumptionLogs($filter: ConsumptionLogFilter, $first: Int!, $after: String) {
    consumptionLogs(filter: $filter, first: $first, after: $after) {
      nodes {
        ...ConsumptionLogFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`);
