import { graphql } from '../../gql';

export const DataRightsRequestFieldsFragment = graphql(`
  fragment DataRightsRequestFields on DataRightsRequest {
    id
    type
    status
    createdAt
    dueAt
    completedAt
    overdue
    details
    resolution
    userId
  }
`);

/** One page of data-rights requests: the user's own in the privacy center, everyone's in the admin console. */
export const DataRightsRequestPageFieldsFragment = graphql(`
  fragment DataRightsRequestPageFields on DataRightsRequestPage {
    nodes {
      ...DataRightsRequestFields
    }
    pageInfo {
      ...PageInfoFields
    }
  }
`);

export const MyDataRightsRequestsQuery = graphql(`
  query MyDataRightsRequests($first: Int!, $after: String) {
    myDataRightsRequests(first: $first, after: $after) {
      ...DataRightsRequestPageFields
    }
  }
`);

export const MyConsentLogQuery = graphql(`
  query MyConsentLog($first: Int!, $after: String) {
    myConsentLog(first: $first, after: $after) {
      nodes {
        id
        subject
        enabled
        source
        createdAt
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`);

export const SetProcessingRestrictedMutation = graphql(`
  mutation SetProcessingRestricted($restricted: Boolean!) {
    setProcessingRestricted(restricted: $restricted) {
      id
      processingRestricted
    }
  }
`);

export const FileObjectionMutation = graphql(`
  mutation FileObjection($input: ObjectionInput!) {
    fileObjection(input: $input) {
      ...DataRightsRequestFields
    }
  }
`);

export const DeleteMyAccountMutation = graphql(`
  mutation DeleteMyAccount($input: DeleteAccountInput!) {
    deleteMyAccount(input: $input)
  }
`);

export const StoredResultsQuery = graphql(`
  query StoredResults($first: Int!, $after: String) {
    storedResults(first: $first, after: $after) {
      enabled
      nodes {
        id
        kind
        feature
        mime
        sizeBytes
        createdAt
        expiresAt
        downloadPath
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`);

export const DeleteStoredResultMutation = graphql(`
  mutation DeleteStoredResult($id: ID!) {
    deleteStoredResult(id: $id)
  }
`);

export const DeleteAllStoredResultsMutation = graphql(`
  mutation DeleteAllStoredResults {
    deleteAllStoredResults
  }
`);
