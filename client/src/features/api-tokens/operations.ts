import { graphql } from '../../gql';

export const ApiTokensQuery = graphql(`
  query ApiTokens {
    apiTokens {
      ...ApiTokenFields
    }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      secret
      token {
        ...ApiTokenFields
      }
    }
  }
`);

export const RotateApiTokenMutation = graphql(`
  mutation RotateApiToken($id: ID!) {
    rotateApiToken(id: $id) {
      secret
      token {
        ...ApiTokenFields
      }
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      ...ApiTokenFields
    }
  }
`);

export const SetApiTokenSpendLimitMutation = graphql(`
  mutation SetApiTokenSpendLimit($id: ID!, $spendLimit: Int) {
    setApiTokenSpendLimit(id: $id, spendLimit: $spendLimit) {
      ...ApiTokenFields
    }
  }
`);
