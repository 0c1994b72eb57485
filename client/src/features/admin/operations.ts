import { graphql } from '../../gql';

export const AdjustCreditsMutation = graphql(`
  mutation AdjustCredits($input: AdjustCreditsInput!) {
    adjustCredits(input: $input) {
      id
      delta
      balanceAfter
      reason
      note
      createdAt
    }
  }
`);

export const AdminPaymentsQuery = graphql(`
  query AdminPayments($first: Int!, $after: String, $status: PaymentStatus, $userId: ID) {
    adminPayments(first: $first, after: $after, status: $status, userId: $userId) {
      nodes {
        ...PaymentFields
      }
      pageInfo {
        endCursor
        hasNextPage
      }
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
        feature
        calls
        credits
      }
      bySource {
        source
        calls
        credits
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
        id
        email
        firstName
        lastName
        company
        credits
        role
        plan
        disabled
        deletedAt
        createdAt
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const AdminUserDetailQuery = graphql(`
  query AdminUserDetail($id: ID!) {
    user(id: $id) {
      id
      email
      firstName
      lastName
      company
      credits
      role
      plan
      disabled
      deletedAt
      processingRestricted
      createdAt
      notificationPreferences {
        email
        marketing
        securityAlerts
        usageAlerts
      }
      ledger(first: 20) {
        id
        createdAt
        delta
        balanceAfter
        reason
        note
      }
      payments(first: 20) {
        ...PaymentFields
      }
      consumption(first: 20) {
        id
        createdAt
        feature
        credits
        source
        status
        apiTokenPrefix
        errorCode
      }
      apiTokens {
        id
        name
        prefix
        createdAt
        lastUsedAt
        expiresAt
        revokedAt
        active
        spendLimit
        spentThisMonth
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
        endCursor
        hasNextPage
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
      nodes {
        ...DataRightsRequestFields
      }
      pageInfo {
        endCursor
        hasNextPage
      }
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
        endCursor
        hasNextPage
      }
    }
  }
`);
