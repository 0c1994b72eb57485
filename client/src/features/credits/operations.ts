import { graphql } from '../../gql';

export const CreditLedgerQuery = graphql(`
  query CreditLedger($first: Int!, $after: String) {
    creditLedger(first: $first, after: $after) {
      nodes {
        ...LedgerEntryFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`);
