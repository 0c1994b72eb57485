import { graphql } from '../../gql';

/** The call log, newest first: a page of the usage log, or the dashboard's recent calls. */
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
