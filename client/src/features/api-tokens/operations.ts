import { graphql } from '../../gql';

/** A new secret, shown once, with its token (creating and rotating both answer it). */
export const CreatedApiTokenFieldsFragment = graphql(`
  fragment CreatedApiTokenFields on CreatedApiToken {
    secret
    token {
      ...ApiTokenFields
    }
  }
`);

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
      ...CreatedApiTokenFields
    }
  }
`);

export const RotateApiTokenMutation = graphql(`
  mutation RotateApiToken($id: ID!) {
    rotateApiToken(id: $id) {
      ...CreatedApiTokenFields
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
