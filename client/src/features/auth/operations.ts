import { graphql } from '../../gql';

/** The mail a user agreed to: the viewer carries them, and the settings page updates them. */
export const NotificationPreferencesFieldsFragment = graphql(`
  fragment NotificationPreferencesFields on NotificationPreferences {
    email
    marketing
    securityAlerts
    usageAlerts
  }
`);

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
      ...NotificationPreferencesFields
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
