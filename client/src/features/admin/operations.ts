import { graphql } from '../../gql';

export const AdjustCreditsMutation = graphql(`
  mutation AdjustCredits($input: AdjustCreditsInput!) {
    adjustCredits(input: $input) {
      ...LedgerEntryFields
    }
  }
`);

export const AdminPaymentsQuery = graphql(`
  query AdminPayments($first: Int!, $after: String, $status: PaymentStatus, $userId: ID) {
    adminPayments(first: $first, after: $after, status: $status, userId: $userId) {
      ...PaymentPageFields
    }
  }
`);

export const RefundPaymentMutation = graphql(`
  mutation RefundPayment($paymentId: ID!, $amountCents: Int!) {
    refundPayment(paymentId: $paymentId, amountCents: $amountCents) {
      paymentId
      refundId
      amountCents
      status
    }
  }
`);

export const PlatformUsageQuery = graphql(`
  query PlatformUsage($from: String!, $to: String!, $timezone: String!) {
    platformUsage(from: $from, to: $to, timezone: $timezone) {
      daily {
        day
        calls
        credits
        activeUsers
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
        activeUsers
      }
    }
  }
`);

export const AdminUsersQuery = graphql(`
  query AdminUsers($search: String, $first: Int!, $after: String) {
    users(search: $search, first: $first, after: $after) {
      nodes {
        ...AdminUserFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`);

export const AdminUserDetailQuery = graphql(`
  query AdminUserDetail($id: ID!) {
    user(id: $id) {
      ...AdminUserFields
      processingRestricted
      notificationPreferences {
        marketing
      }
      ledger(first: 20) {
        ...LedgerEntryFields
      }
      payments(first: 20) {
        ...PaymentFields
      }
      consumption(first: 20) {
        ...ConsumptionLogFields
      }
      apiTokens {
        ...ApiTokenFields
      }
    }
  }
`);

export const SetUserDisabledMutation = graphql(`
  mutation SetUserDisabled($userId: ID!, $disabled: Boolean!) {
    setUserDisabled(userId: $userId, disabled: $disabled) {
      id
      disabled
    }
  }
`);

export const ContactMessagesQuery = graphql(`
  query ContactMessages($onlyOpen: Boolean!, $first: Int!, $after: String) {
    contactMessages(onlyOpen: $onlyOpen, first: $first, after: $after) {
      nodes {
        id
        createdAt
        name
        email
        subject
        message
        userId
        handledAt
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`);

export const MarkContactMessageHandledMutation = graphql(`
  mutation MarkContactMessageHandled($id: ID!, $handled: Boolean!) {
    markContactMessageHandled(id: $id, handled: $handled) {
      id
      handledAt
      handledBy
    }
  }
`);

export const AdminDataRightsRequestsQuery = graphql(`
  query AdminDataRightsRequests($status: DataRightsRequestStatus, $first: Int!, $after: String) {
    dataRightsRequests(status: $status, first: $first, after: $after) {
      ...DataRightsRequestPageFields
    }
  }
`);

export const ResolveDataRightsRequestMutation = graphql(`
  mutation ResolveDataRightsRequest($input: ResolveDataRightsRequestInput!) {
    resolveDataRightsRequest(input: $input) {
      ...DataRightsRequestFields
    }
  }
`);

export const AuditLogQuery = graphql(`
  query AuditLog($action: String, $actorId: ID, $targetId: String, $first: Int!, $after: String) {
    auditLog(action: $action, actorId: $actorId, targetId: $targetId, first: $first, after: $after) {
      nodes {
        id
        createdAt
        action
        actorId
        targetType
        targetId
        ip
        before
        after
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`);
