import { graphql } from '../../gql';

export const ViewerFieldsFragment = graphql(`
  fragment ViewerFields on User {
    id
    email
    firstName
    lastName
    company
    credits
    role
    plan
    processingRestricted
    disabled
    createdAt
    notificationPreferences {
      email
      marketing
      securityAlerts
      usageAlerts
    }
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    me {
      ...ViewerFields
    }
  }
`);

export const RegisterMutation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...ViewerFields
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...ViewerFields
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);
