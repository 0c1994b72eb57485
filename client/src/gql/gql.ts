/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment PageInfoFields on PageInfo {\n    endCursor\n    hasNextPage\n  }\n": typeof types.PageInfoFieldsFragmentDoc,
    "\n  fragment AdminUserFields on AdminUser {\n    id\n    email\n    firstName\n    lastName\n    company\n    credits\n    role\n    plan\n    disabled\n    deletedAt\n    createdAt\n  }\n": typeof types.AdminUserFieldsFragmentDoc,
    "\n  mutation AdjustCredits($input: AdjustCreditsInput!) {\n    adjustCredits(input: $input) {\n      ...LedgerEntryFields\n    }\n  }\n": typeof types.AdjustCreditsDocument,
    "\n  query AdminPayments($first: Int!, $after: String, $status: PaymentStatus, $userId: ID) {\n    adminPayments(first: $first, after: $after, status: $status, userId: $userId) {\n      ...PaymentPageFields\n    }\n  }\n": typeof types.AdminPaymentsDocument,
    "\n  mutation RefundPayment($paymentId: ID!, $amountCents: Int!) {\n    refundPayment(paymentId: $paymentId, amountCents: $amountCents) {\n      paymentId\n      refundId\n      amountCents\n      status\n    }\n  }\n": typeof types.RefundPaymentDocument,
    "\n  query PlatformUsage($from: String!, $to: String!, $timezone: String!) {\n    platformUsage(from: $from, to: $to, timezone: $timezone) {\n      daily {\n        day\n        calls\n        credits\n        activeUsers\n      }\n      byFeature {\n        ...FeatureUsageFields\n      }\n      bySource {\n        ...SourceUsageFields\n      }\n      totals {\n        calls\n        credits\n        refundedCalls\n        activeUsers\n      }\n    }\n  }\n": typeof types.PlatformUsageDocument,
    "\n  query AdminUsers($search: String, $first: Int!, $after: String) {\n    users(search: $search, first: $first, after: $after) {\n      nodes {\n        ...AdminUserFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  query AdminUserDetail($id: ID!) {\n    user(id: $id) {\n      ...AdminUserFields\n      processingRestricted\n      notificationPreferences {\n        marketing\n      }\n      ledger(first: 20) {\n        ...LedgerEntryFields\n      }\n      payments(first: 20) {\n        ...PaymentFields\n      }\n      consumption(first: 20) {\n        ...ConsumptionLogFields\n      }\n      apiTokens {\n        ...ApiTokenFields\n      }\n    }\n  }\n": typeof types.AdminUserDetailDocument,
    "\n  mutation SetUserDisabled($userId: ID!, $disabled: Boolean!) {\n    setUserDisabled(userId: $userId, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n": typeof types.SetUserDisabledDocument,
    "\n  query ContactMessages($onlyOpen: Boolean!, $first: Int!, $after: String) {\n    contactMessages(onlyOpen: $onlyOpen, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        name\n        email\n        subject\n        message\n        userId\n        handledAt\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": typeof types.ContactMessagesDocument,
    "\n  mutation MarkContactMessageHandled($id: ID!, $handled: Boolean!) {\n    markContactMessageHandled(id: $id, handled: $handled) {\n      id\n      handledAt\n      handledBy\n    }\n  }\n": typeof types.MarkContactMessageHandledDocument,
    "\n  query AdminDataRightsRequests($status: DataRightsRequestStatus, $first: Int!, $after: String) {\n    dataRightsRequests(status: $status, first: $first, after: $after) {\n      ...DataRightsRequestPageFields\n    }\n  }\n": typeof types.AdminDataRightsRequestsDocument,
    "\n  mutation ResolveDataRightsRequest($input: ResolveDataRightsRequestInput!) {\n    resolveDataRightsRequest(input: $input) {\n      ...DataRightsRequestFields\n    }\n  }\n": typeof types.ResolveDataRightsRequestDocument,
    "\n  query AuditLog($action: String, $actorId: ID, $targetId: String, $first: Int!, $after: String) {\n    auditLog(action: $action, actorId: $actorId, targetId: $targetId, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        action\n        actorId\n        targetType\n        targetId\n        ip\n        before\n        after\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  fragment CreatedApiTokenFields on CreatedApiToken {\n    secret\n    token {\n      ...ApiTokenFields\n    }\n  }\n": typeof types.CreatedApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      ...CreatedApiTokenFields\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RotateApiToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      ...CreatedApiTokenFields\n    }\n  }\n": typeof types.RotateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  mutation SetApiTokenSpendLimit($id: ID!, $spendLimit: Int) {\n    setApiTokenSpendLimit(id: $id, spendLimit: $spendLimit) {\n      ...ApiTokenFields\n    }\n  }\n": typeof types.SetApiTokenSpendLimitDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    active\n    spendLimit\n    spentThisMonth\n  }\n": typeof types.ApiTokenFieldsFragmentDoc,
    "\n  fragment NotificationPreferencesFields on NotificationPreferences {\n    email\n    marketing\n    securityAlerts\n    usageAlerts\n  }\n": typeof types.NotificationPreferencesFieldsFragmentDoc,
    "\n  fragment ViewerFields on User {\n    id\n    email\n    firstName\n    lastName\n    company\n    credits\n    role\n    plan\n    processingRestricted\n    disabled\n    createdAt\n    notificationPreferences {\n      ...NotificationPreferencesFields\n    }\n  }\n": typeof types.ViewerFieldsFragmentDoc,
    "\n  query Viewer {\n    me {\n      ...ViewerFields\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...ViewerFields\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...ViewerFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  mutation SubmitBatch($feature: VisionFeature!, $images: [Upload!]!, $options: AnalysisOptionsInput, $idempotencyKey: String) {\n    submitAnalyses(feature: $feature, images: $images, options: $options, idempotencyKey: $idempotencyKey) {\n      id\n      jobs {\n        ...JobFields\n      }\n    }\n  }\n": typeof types.SubmitBatchDocument,
    "\n  query BatchJobs($batchId: ID!, $first: Int!) {\n    jobs(batchId: $batchId, first: $first) {\n      nodes {\n        ...JobFields\n      }\n    }\n  }\n": typeof types.BatchJobsDocument,
    "\n  query BillingPage {\n    billingSettings {\n      available\n      testMode\n    }\n    creditPacks {\n      id\n      name\n      credits\n      priceCents\n      currency\n    }\n  }\n": typeof types.BillingPageDocument,
    "\n  query Payments($first: Int!, $after: String) {\n    payments(first: $first, after: $after) {\n      ...PaymentPageFields\n    }\n  }\n": typeof types.PaymentsDocument,
    "\n  mutation CreateCheckoutSession($packId: ID!) {\n    createCheckoutSession(packId: $packId) {\n      url\n      paymentId\n      testMode\n    }\n  }\n": typeof types.CreateCheckoutSessionDocument,
    "\n  fragment PaymentFields on Payment {\n    id\n    createdAt\n    succeededAt\n    packName\n    credits\n    amountCents\n    currency\n    status\n    cardBrand\n    cardLast4\n    refundedCents\n    creditsReversed\n    failureReason\n  }\n": typeof types.PaymentFieldsFragmentDoc,
    "\n  fragment PaymentPageFields on PaymentPage {\n    nodes {\n      ...PaymentFields\n    }\n    pageInfo {\n      ...PageInfoFields\n    }\n  }\n": typeof types.PaymentPageFieldsFragmentDoc,
    "\n  mutation SubmitContactMessage($input: ContactMessageInput!) {\n    submitContactMessage(input: $input) {\n      id\n      createdAt\n    }\n  }\n": typeof types.SubmitContactMessageDocument,
    "\n  fragment LedgerEntryFields on LedgerEntry {\n    id\n    createdAt\n    delta\n    balanceAfter\n    reason\n    reference\n    note\n  }\n": typeof types.LedgerEntryFieldsFragmentDoc,
    "\n  query CreditLedger($first: Int!, $after: String) {\n    creditLedger(first: $first, after: $after) {\n      nodes {\n        ...LedgerEntryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": typeof types.CreditLedgerDocument,
    "\n  fragment FeatureUsageFields on FeatureUsage {\n    feature\n    calls\n    credits\n  }\n": typeof types.FeatureUsageFieldsFragmentDoc,
    "\n  fragment SourceUsageFields on SourceUsage {\n    source\n    calls\n    credits\n  }\n": typeof types.SourceUsageFieldsFragmentDoc,
    "\n  query UsageSummary($from: String!, $to: String!, $timezone: String!) {\n    usageSummary(from: $from, to: $to, timezone: $timezone) {\n      from\n      to\n      timezone\n      daily {\n        day\n        calls\n        credits\n      }\n      byFeature {\n        ...FeatureUsageFields\n      }\n      bySource {\n        ...SourceUsageFields\n      }\n      totals {\n        calls\n        credits\n        refundedCalls\n      }\n    }\n  }\n": typeof types.UsageSummaryDocument,
    "\n  fragment JobSummaryFields on Job {\n    id\n    status\n    progress\n    feature\n    batchId\n    creditsCharged\n    attempts\n    createdAt\n    startedAt\n    finishedAt\n    error {\n      code\n      message\n    }\n  }\n": typeof types.JobSummaryFieldsFragmentDoc,
    "\n  fragment JobFields on Job {\n    ...JobSummaryFields\n    result {\n      ...AnalysisResultFields\n    }\n  }\n": typeof types.JobFieldsFragmentDoc,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      ...JobFields\n    }\n  }\n": typeof types.JobDocument,
    "\n  query Jobs($first: Int!, $after: String, $status: JobStatus, $batchId: ID) {\n    jobs(first: $first, after: $after, status: $status, batchId: $batchId) {\n      nodes {\n        ...JobSummaryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": typeof types.JobsDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      ...JobFields\n    }\n  }\n": typeof types.CancelJobDocument,
    "\n  subscription JobUpdated($id: ID, $batchId: ID) {\n    jobUpdated(id: $id, batchId: $batchId) {\n      ...JobFields\n    }\n  }\n": typeof types.JobUpdatedDocument,
    "\n  query PrivacyPolicy {\n    privacyPolicy {\n      policies {\n        code\n        title\n      }\n      promises {\n        id\n        policy\n        source\n        plainLanguage\n        kind\n        setting\n      }\n      settings {\n        sessionMaxAgeDays\n        signupBonusCredits\n        accessLogRetentionDays\n        paymentRetentionYears\n        resultsStored\n        originalRetentionDays\n        outputRetention {\n          plan\n          days\n        }\n        imageProviders {\n          feature\n          provider\n          leavesServer\n        }\n        marketingOptIn\n        mailDelivery\n      }\n    }\n  }\n": typeof types.PrivacyPolicyDocument,
    "\n  query Features {\n    features {\n      name\n      description\n      credits\n      input\n      provider\n      available\n      unavailableReason\n    }\n  }\n": typeof types.FeaturesDocument,
    "\n  fragment AnalysisResultFields on AnalysisResult {\n    consumptionId\n    creditsCharged\n    balance\n    durationMs\n    provider\n    feature\n    replayed\n    viewer {\n      id\n      credits\n    }\n    labels {\n      label\n      score\n    }\n    objects {\n      label\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n    }\n    instances {\n      label\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n      mask\n    }\n    texts {\n      text\n      score\n      polygon {\n        x\n        y\n      }\n    }\n    poses {\n      score\n      keypoints {\n        name\n        x\n        y\n        score\n      }\n    }\n    faces {\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n      landmarks {\n        name\n        x\n        y\n        score\n      }\n    }\n    image {\n      png\n      width\n      height\n    }\n  }\n": typeof types.AnalysisResultFieldsFragmentDoc,
    "\n  mutation SubmitAnalysis($feature: VisionFeature!, $image: Upload, $url: String, $options: AnalysisOptionsInput, $idempotencyKey: String) {\n    submitAnalysis(feature: $feature, image: $image, url: $url, options: $options, idempotencyKey: $idempotencyKey) {\n      ...JobFields\n    }\n  }\n": typeof types.SubmitAnalysisDocument,
    "\n  mutation SubmitGeneration($prompt: String!, $options: GenerationOptionsInput, $idempotencyKey: String) {\n    submitGeneration(prompt: $prompt, options: $options, idempotencyKey: $idempotencyKey) {\n      ...JobFields\n    }\n  }\n": typeof types.SubmitGenerationDocument,
    "\n  fragment DataRightsRequestFields on DataRightsRequest {\n    id\n    type\n    status\n    createdAt\n    dueAt\n    completedAt\n    overdue\n    details\n    resolution\n    userId\n  }\n": typeof types.DataRightsRequestFieldsFragmentDoc,
    "\n  fragment DataRightsRequestPageFields on DataRightsRequestPage {\n    nodes {\n      ...DataRightsRequestFields\n    }\n    pageInfo {\n      ...PageInfoFields\n    }\n  }\n": typeof types.DataRightsRequestPageFieldsFragmentDoc,
    "\n  query MyDataRightsRequests($first: Int!, $after: String) {\n    myDataRightsRequests(first: $first, after: $after) {\n      ...DataRightsRequestPageFields\n    }\n  }\n": typeof types.MyDataRightsRequestsDocument,
    "\n  query MyConsentLog($first: Int!, $after: String) {\n    myConsentLog(first: $first, after: $after) {\n      nodes {\n        id\n        subject\n        enabled\n        source\n        createdAt\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": typeof types.MyConsentLogDocument,
    "\n  mutation SetProcessingRestricted($restricted: Boolean!) {\n    setProcessingRestricted(restricted: $restricted) {\n      id\n      processingRestricted\n    }\n  }\n": typeof types.SetProcessingRestrictedDocument,
    "\n  mutation FileObjection($input: ObjectionInput!) {\n    fileObjection(input: $input) {\n      ...DataRightsRequestFields\n    }\n  }\n": typeof types.FileObjectionDocument,
    "\n  mutation DeleteMyAccount($input: DeleteAccountInput!) {\n    deleteMyAccount(input: $input)\n  }\n": typeof types.DeleteMyAccountDocument,
    "\n  query StoredResults($first: Int!, $after: String) {\n    storedResults(first: $first, after: $after) {\n      enabled\n      nodes {\n        id\n        kind\n        feature\n        mime\n        sizeBytes\n        createdAt\n        expiresAt\n        downloadPath\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": typeof types.StoredResultsDocument,
    "\n  mutation DeleteStoredResult($id: ID!) {\n    deleteStoredResult(id: $id)\n  }\n": typeof types.DeleteStoredResultDocument,
    "\n  mutation DeleteAllStoredResults {\n    deleteAllStoredResults\n  }\n": typeof types.DeleteAllStoredResultsDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      firstName\n      lastName\n      company\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation UpdateNotificationPreferences($input: NotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      id\n      notificationPreferences {\n        ...NotificationPreferencesFields\n      }\n    }\n  }\n": typeof types.UpdateNotificationPreferencesDocument,
    "\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastSeenAt\n      ip\n      browser\n      current\n    }\n  }\n": typeof types.MySessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": typeof types.RevokeSessionDocument,
    "\n  mutation RevokeOtherSessions {\n    revokeOtherSessions\n  }\n": typeof types.RevokeOtherSessionsDocument,
    "\n  fragment ConsumptionLogFields on ConsumptionLog {\n    id\n    createdAt\n    feature\n    credits\n    source\n    status\n    durationMs\n    errorCode\n    imageUrl\n    apiTokenId\n    apiTokenName\n    apiTokenPrefix\n  }\n": typeof types.ConsumptionLogFieldsFragmentDoc,
    "\n  query ConsumptionLogs($filter: ConsumptionLogFilter, $first: Int!, $after: String) {\n    consumptionLogs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...ConsumptionLogFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": typeof types.ConsumptionLogsDocument,
    "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    events\n    secretHint\n    createdAt\n  }\n": typeof types.WebhookEndpointFieldsFragmentDoc,
    "\n  fragment CreatedWebhookEndpointFields on CreatedWebhookEndpoint {\n    secret\n    endpoint {\n      ...WebhookEndpointFields\n    }\n  }\n": typeof types.CreatedWebhookEndpointFieldsFragmentDoc,
    "\n  fragment WebhookDeliveryFields on WebhookDelivery {\n    id\n    endpointId\n    jobId\n    eventType\n    messageId\n    url\n    status\n    createdAt\n    nextAttemptAt\n    attempts {\n      id\n      attemptedAt\n      durationMs\n      statusCode\n      error\n    }\n  }\n": typeof types.WebhookDeliveryFieldsFragmentDoc,
    "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...WebhookEndpointFields\n    }\n  }\n": typeof types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($url: String!, $events: [WebhookEventType!]!) {\n    createWebhookEndpoint(url: $url, events: $events) {\n      ...CreatedWebhookEndpointFields\n    }\n  }\n": typeof types.CreateWebhookEndpointDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      ...CreatedWebhookEndpointFields\n    }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": typeof types.DeleteWebhookEndpointDocument,
    "\n  query WebhookSigningSecret {\n    webhookSigningSecret\n  }\n": typeof types.WebhookSigningSecretDocument,
    "\n  mutation RotateWebhookSigningSecret {\n    rotateWebhookSigningSecret\n  }\n": typeof types.RotateWebhookSigningSecretDocument,
    "\n  query WebhookDeliveries($first: Int!, $after: String, $endpointId: ID) {\n    webhookDeliveries(first: $first, after: $after, endpointId: $endpointId) {\n      nodes {\n        ...WebhookDeliveryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) {\n      ...WebhookDeliveryFields\n    }\n  }\n": typeof types.RedeliverWebhookDocument,
};
const documents: Documents = {
    "\n  fragment PageInfoFields on PageInfo {\n    endCursor\n    hasNextPage\n  }\n": types.PageInfoFieldsFragmentDoc,
    "\n  fragment AdminUserFields on AdminUser {\n    id\n    email\n    firstName\n    lastName\n    company\n    credits\n    role\n    plan\n    disabled\n    deletedAt\n    createdAt\n  }\n": types.AdminUserFieldsFragmentDoc,
    "\n  mutation AdjustCredits($input: AdjustCreditsInput!) {\n    adjustCredits(input: $input) {\n      ...LedgerEntryFields\n    }\n  }\n": types.AdjustCreditsDocument,
    "\n  query AdminPayments($first: Int!, $after: String, $status: PaymentStatus, $userId: ID) {\n    adminPayments(first: $first, after: $after, status: $status, userId: $userId) {\n      ...PaymentPageFields\n    }\n  }\n": types.AdminPaymentsDocument,
    "\n  mutation RefundPayment($paymentId: ID!, $amountCents: Int!) {\n    refundPayment(paymentId: $paymentId, amountCents: $amountCents) {\n      paymentId\n      refundId\n      amountCents\n      status\n    }\n  }\n": types.RefundPaymentDocument,
    "\n  query PlatformUsage($from: String!, $to: String!, $timezone: String!) {\n    platformUsage(from: $from, to: $to, timezone: $timezone) {\n      daily {\n        day\n        calls\n        credits\n        activeUsers\n      }\n      byFeature {\n        ...FeatureUsageFields\n      }\n      bySource {\n        ...SourceUsageFields\n      }\n      totals {\n        calls\n        credits\n        refundedCalls\n        activeUsers\n      }\n    }\n  }\n": types.PlatformUsageDocument,
    "\n  query AdminUsers($search: String, $first: Int!, $after: String) {\n    users(search: $search, first: $first, after: $after) {\n      nodes {\n        ...AdminUserFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": types.AdminUsersDocument,
    "\n  query AdminUserDetail($id: ID!) {\n    user(id: $id) {\n      ...AdminUserFields\n      processingRestricted\n      notificationPreferences {\n        marketing\n      }\n      ledger(first: 20) {\n        ...LedgerEntryFields\n      }\n      payments(first: 20) {\n        ...PaymentFields\n      }\n      consumption(first: 20) {\n        ...ConsumptionLogFields\n      }\n      apiTokens {\n        ...ApiTokenFields\n      }\n    }\n  }\n": types.AdminUserDetailDocument,
    "\n  mutation SetUserDisabled($userId: ID!, $disabled: Boolean!) {\n    setUserDisabled(userId: $userId, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n": types.SetUserDisabledDocument,
    "\n  query ContactMessages($onlyOpen: Boolean!, $first: Int!, $after: String) {\n    contactMessages(onlyOpen: $onlyOpen, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        name\n        email\n        subject\n        message\n        userId\n        handledAt\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": types.ContactMessagesDocument,
    "\n  mutation MarkContactMessageHandled($id: ID!, $handled: Boolean!) {\n    markContactMessageHandled(id: $id, handled: $handled) {\n      id\n      handledAt\n      handledBy\n    }\n  }\n": types.MarkContactMessageHandledDocument,
    "\n  query AdminDataRightsRequests($status: DataRightsRequestStatus, $first: Int!, $after: String) {\n    dataRightsRequests(status: $status, first: $first, after: $after) {\n      ...DataRightsRequestPageFields\n    }\n  }\n": types.AdminDataRightsRequestsDocument,
    "\n  mutation ResolveDataRightsRequest($input: ResolveDataRightsRequestInput!) {\n    resolveDataRightsRequest(input: $input) {\n      ...DataRightsRequestFields\n    }\n  }\n": types.ResolveDataRightsRequestDocument,
    "\n  query AuditLog($action: String, $actorId: ID, $targetId: String, $first: Int!, $after: String) {\n    auditLog(action: $action, actorId: $actorId, targetId: $targetId, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        action\n        actorId\n        targetType\n        targetId\n        ip\n        before\n        after\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  fragment CreatedApiTokenFields on CreatedApiToken {\n    secret\n    token {\n      ...ApiTokenFields\n    }\n  }\n": types.CreatedApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      ...CreatedApiTokenFields\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RotateApiToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      ...CreatedApiTokenFields\n    }\n  }\n": types.RotateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n": types.RevokeApiTokenDocument,
    "\n  mutation SetApiTokenSpendLimit($id: ID!, $spendLimit: Int) {\n    setApiTokenSpendLimit(id: $id, spendLimit: $spendLimit) {\n      ...ApiTokenFields\n    }\n  }\n": types.SetApiTokenSpendLimitDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    active\n    spendLimit\n    spentThisMonth\n  }\n": types.ApiTokenFieldsFragmentDoc,
    "\n  fragment NotificationPreferencesFields on NotificationPreferences {\n    email\n    marketing\n    securityAlerts\n    usageAlerts\n  }\n": types.NotificationPreferencesFieldsFragmentDoc,
    "\n  fragment ViewerFields on User {\n    id\n    email\n    firstName\n    lastName\n    company\n    credits\n    role\n    plan\n    processingRestricted\n    disabled\n    createdAt\n    notificationPreferences {\n      ...NotificationPreferencesFields\n    }\n  }\n": types.ViewerFieldsFragmentDoc,
    "\n  query Viewer {\n    me {\n      ...ViewerFields\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...ViewerFields\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...ViewerFields\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  mutation SubmitBatch($feature: VisionFeature!, $images: [Upload!]!, $options: AnalysisOptionsInput, $idempotencyKey: String) {\n    submitAnalyses(feature: $feature, images: $images, options: $options, idempotencyKey: $idempotencyKey) {\n      id\n      jobs {\n        ...JobFields\n      }\n    }\n  }\n": types.SubmitBatchDocument,
    "\n  query BatchJobs($batchId: ID!, $first: Int!) {\n    jobs(batchId: $batchId, first: $first) {\n      nodes {\n        ...JobFields\n      }\n    }\n  }\n": types.BatchJobsDocument,
    "\n  query BillingPage {\n    billingSettings {\n      available\n      testMode\n    }\n    creditPacks {\n      id\n      name\n      credits\n      priceCents\n      currency\n    }\n  }\n": types.BillingPageDocument,
    "\n  query Payments($first: Int!, $after: String) {\n    payments(first: $first, after: $after) {\n      ...PaymentPageFields\n    }\n  }\n": types.PaymentsDocument,
    "\n  mutation CreateCheckoutSession($packId: ID!) {\n    createCheckoutSession(packId: $packId) {\n      url\n      paymentId\n      testMode\n    }\n  }\n": types.CreateCheckoutSessionDocument,
    "\n  fragment PaymentFields on Payment {\n    id\n    createdAt\n    succeededAt\n    packName\n    credits\n    amountCents\n    currency\n    status\n    cardBrand\n    cardLast4\n    refundedCents\n    creditsReversed\n    failureReason\n  }\n": types.PaymentFieldsFragmentDoc,
    "\n  fragment PaymentPageFields on PaymentPage {\n    nodes {\n      ...PaymentFields\n    }\n    pageInfo {\n      ...PageInfoFields\n    }\n  }\n": types.PaymentPageFieldsFragmentDoc,
    "\n  mutation SubmitContactMessage($input: ContactMessageInput!) {\n    submitContactMessage(input: $input) {\n      id\n      createdAt\n    }\n  }\n": types.SubmitContactMessageDocument,
    "\n  fragment LedgerEntryFields on LedgerEntry {\n    id\n    createdAt\n    delta\n    balanceAfter\n    reason\n    reference\n    note\n  }\n": types.LedgerEntryFieldsFragmentDoc,
    "\n  query CreditLedger($first: Int!, $after: String) {\n    creditLedger(first: $first, after: $after) {\n      nodes {\n        ...LedgerEntryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": types.CreditLedgerDocument,
    "\n  fragment FeatureUsageFields on FeatureUsage {\n    feature\n    calls\n    credits\n  }\n": types.FeatureUsageFieldsFragmentDoc,
    "\n  fragment SourceUsageFields on SourceUsage {\n    source\n    calls\n    credits\n  }\n": types.SourceUsageFieldsFragmentDoc,
    "\n  query UsageSummary($from: String!, $to: String!, $timezone: String!) {\n    usageSummary(from: $from, to: $to, timezone: $timezone) {\n      from\n      to\n      timezone\n      daily {\n        day\n        calls\n        credits\n      }\n      byFeature {\n        ...FeatureUsageFields\n      }\n      bySource {\n        ...SourceUsageFields\n      }\n      totals {\n        calls\n        credits\n        refundedCalls\n      }\n    }\n  }\n": types.UsageSummaryDocument,
    "\n  fragment JobSummaryFields on Job {\n    id\n    status\n    progress\n    feature\n    batchId\n    creditsCharged\n    attempts\n    createdAt\n    startedAt\n    finishedAt\n    error {\n      code\n      message\n    }\n  }\n": types.JobSummaryFieldsFragmentDoc,
    "\n  fragment JobFields on Job {\n    ...JobSummaryFields\n    result {\n      ...AnalysisResultFields\n    }\n  }\n": types.JobFieldsFragmentDoc,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      ...JobFields\n    }\n  }\n": types.JobDocument,
    "\n  query Jobs($first: Int!, $after: String, $status: JobStatus, $batchId: ID) {\n    jobs(first: $first, after: $after, status: $status, batchId: $batchId) {\n      nodes {\n        ...JobSummaryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": types.JobsDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      ...JobFields\n    }\n  }\n": types.CancelJobDocument,
    "\n  subscription JobUpdated($id: ID, $batchId: ID) {\n    jobUpdated(id: $id, batchId: $batchId) {\n      ...JobFields\n    }\n  }\n": types.JobUpdatedDocument,
    "\n  query PrivacyPolicy {\n    privacyPolicy {\n      policies {\n        code\n        title\n      }\n      promises {\n        id\n        policy\n        source\n        plainLanguage\n        kind\n        setting\n      }\n      settings {\n        sessionMaxAgeDays\n        signupBonusCredits\n        accessLogRetentionDays\n        paymentRetentionYears\n        resultsStored\n        originalRetentionDays\n        outputRetention {\n          plan\n          days\n        }\n        imageProviders {\n          feature\n          provider\n          leavesServer\n        }\n        marketingOptIn\n        mailDelivery\n      }\n    }\n  }\n": types.PrivacyPolicyDocument,
    "\n  query Features {\n    features {\n      name\n      description\n      credits\n      input\n      provider\n      available\n      unavailableReason\n    }\n  }\n": types.FeaturesDocument,
    "\n  fragment AnalysisResultFields on AnalysisResult {\n    consumptionId\n    creditsCharged\n    balance\n    durationMs\n    provider\n    feature\n    replayed\n    viewer {\n      id\n      credits\n    }\n    labels {\n      label\n      score\n    }\n    objects {\n      label\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n    }\n    instances {\n      label\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n      mask\n    }\n    texts {\n      text\n      score\n      polygon {\n        x\n        y\n      }\n    }\n    poses {\n      score\n      keypoints {\n        name\n        x\n        y\n        score\n      }\n    }\n    faces {\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n      landmarks {\n        name\n        x\n        y\n        score\n      }\n    }\n    image {\n      png\n      width\n      height\n    }\n  }\n": types.AnalysisResultFieldsFragmentDoc,
    "\n  mutation SubmitAnalysis($feature: VisionFeature!, $image: Upload, $url: String, $options: AnalysisOptionsInput, $idempotencyKey: String) {\n    submitAnalysis(feature: $feature, image: $image, url: $url, options: $options, idempotencyKey: $idempotencyKey) {\n      ...JobFields\n    }\n  }\n": types.SubmitAnalysisDocument,
    "\n  mutation SubmitGeneration($prompt: String!, $options: GenerationOptionsInput, $idempotencyKey: String) {\n    submitGeneration(prompt: $prompt, options: $options, idempotencyKey: $idempotencyKey) {\n      ...JobFields\n    }\n  }\n": types.SubmitGenerationDocument,
    "\n  fragment DataRightsRequestFields on DataRightsRequest {\n    id\n    type\n    status\n    createdAt\n    dueAt\n    completedAt\n    overdue\n    details\n    resolution\n    userId\n  }\n": types.DataRightsRequestFieldsFragmentDoc,
    "\n  fragment DataRightsRequestPageFields on DataRightsRequestPage {\n    nodes {\n      ...DataRightsRequestFields\n    }\n    pageInfo {\n      ...PageInfoFields\n    }\n  }\n": types.DataRightsRequestPageFieldsFragmentDoc,
    "\n  query MyDataRightsRequests($first: Int!, $after: String) {\n    myDataRightsRequests(first: $first, after: $after) {\n      ...DataRightsRequestPageFields\n    }\n  }\n": types.MyDataRightsRequestsDocument,
    "\n  query MyConsentLog($first: Int!, $after: String) {\n    myConsentLog(first: $first, after: $after) {\n      nodes {\n        id\n        subject\n        enabled\n        source\n        createdAt\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": types.MyConsentLogDocument,
    "\n  mutation SetProcessingRestricted($restricted: Boolean!) {\n    setProcessingRestricted(restricted: $restricted) {\n      id\n      processingRestricted\n    }\n  }\n": types.SetProcessingRestrictedDocument,
    "\n  mutation FileObjection($input: ObjectionInput!) {\n    fileObjection(input: $input) {\n      ...DataRightsRequestFields\n    }\n  }\n": types.FileObjectionDocument,
    "\n  mutation DeleteMyAccount($input: DeleteAccountInput!) {\n    deleteMyAccount(input: $input)\n  }\n": types.DeleteMyAccountDocument,
    "\n  query StoredResults($first: Int!, $after: String) {\n    storedResults(first: $first, after: $after) {\n      enabled\n      nodes {\n        id\n        kind\n        feature\n        mime\n        sizeBytes\n        createdAt\n        expiresAt\n        downloadPath\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": types.StoredResultsDocument,
    "\n  mutation DeleteStoredResult($id: ID!) {\n    deleteStoredResult(id: $id)\n  }\n": types.DeleteStoredResultDocument,
    "\n  mutation DeleteAllStoredResults {\n    deleteAllStoredResults\n  }\n": types.DeleteAllStoredResultsDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      firstName\n      lastName\n      company\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": types.ChangePasswordDocument,
    "\n  mutation UpdateNotificationPreferences($input: NotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      id\n      notificationPreferences {\n        ...NotificationPreferencesFields\n      }\n    }\n  }\n": types.UpdateNotificationPreferencesDocument,
    "\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastSeenAt\n      ip\n      browser\n      current\n    }\n  }\n": types.MySessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": types.RevokeSessionDocument,
    "\n  mutation RevokeOtherSessions {\n    revokeOtherSessions\n  }\n": types.RevokeOtherSessionsDocument,
    "\n  fragment ConsumptionLogFields on ConsumptionLog {\n    id\n    createdAt\n    feature\n    credits\n    source\n    status\n    durationMs\n    errorCode\n    imageUrl\n    apiTokenId\n    apiTokenName\n    apiTokenPrefix\n  }\n": types.ConsumptionLogFieldsFragmentDoc,
    "\n  query ConsumptionLogs($filter: ConsumptionLogFilter, $first: Int!, $after: String) {\n    consumptionLogs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...ConsumptionLogFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": types.ConsumptionLogsDocument,
    "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    events\n    secretHint\n    createdAt\n  }\n": types.WebhookEndpointFieldsFragmentDoc,
    "\n  fragment CreatedWebhookEndpointFields on CreatedWebhookEndpoint {\n    secret\n    endpoint {\n      ...WebhookEndpointFields\n    }\n  }\n": types.CreatedWebhookEndpointFieldsFragmentDoc,
    "\n  fragment WebhookDeliveryFields on WebhookDelivery {\n    id\n    endpointId\n    jobId\n    eventType\n    messageId\n    url\n    status\n    createdAt\n    nextAttemptAt\n    attempts {\n      id\n      attemptedAt\n      durationMs\n      statusCode\n      error\n    }\n  }\n": types.WebhookDeliveryFieldsFragmentDoc,
    "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...WebhookEndpointFields\n    }\n  }\n": types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($url: String!, $events: [WebhookEventType!]!) {\n    createWebhookEndpoint(url: $url, events: $events) {\n      ...CreatedWebhookEndpointFields\n    }\n  }\n": types.CreateWebhookEndpointDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      ...CreatedWebhookEndpointFields\n    }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": types.DeleteWebhookEndpointDocument,
    "\n  query WebhookSigningSecret {\n    webhookSigningSecret\n  }\n": types.WebhookSigningSecretDocument,
    "\n  mutation RotateWebhookSigningSecret {\n    rotateWebhookSigningSecret\n  }\n": types.RotateWebhookSigningSecretDocument,
    "\n  query WebhookDeliveries($first: Int!, $after: String, $endpointId: ID) {\n    webhookDeliveries(first: $first, after: $after, endpointId: $endpointId) {\n      nodes {\n        ...WebhookDeliveryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) {\n      ...WebhookDeliveryFields\n    }\n  }\n": types.RedeliverWebhookDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PageInfoFields on PageInfo {\n    endCursor\n    hasNextPage\n  }\n"): (typeof documents)["\n  fragment PageInfoFields on PageInfo {\n    endCursor\n    hasNextPage\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminUserFields on AdminUser {\n    id\n    email\n    firstName\n    lastName\n    company\n    credits\n    role\n    plan\n    disabled\n    deletedAt\n    createdAt\n  }\n"): (typeof documents)["\n  fragment AdminUserFields on AdminUser {\n    id\n    email\n    firstName\n    lastName\n    company\n    credits\n    role\n    plan\n    disabled\n    deletedAt\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdjustCredits($input: AdjustCreditsInput!) {\n    adjustCredits(input: $input) {\n      ...LedgerEntryFields\n    }\n  }\n"): (typeof documents)["\n  mutation AdjustCredits($input: AdjustCreditsInput!) {\n    adjustCredits(input: $input) {\n      ...LedgerEntryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPayments($first: Int!, $after: String, $status: PaymentStatus, $userId: ID) {\n    adminPayments(first: $first, after: $after, status: $status, userId: $userId) {\n      ...PaymentPageFields\n    }\n  }\n"): (typeof documents)["\n  query AdminPayments($first: Int!, $after: String, $status: PaymentStatus, $userId: ID) {\n    adminPayments(first: $first, after: $after, status: $status, userId: $userId) {\n      ...PaymentPageFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefundPayment($paymentId: ID!, $amountCents: Int!) {\n    refundPayment(paymentId: $paymentId, amountCents: $amountCents) {\n      paymentId\n      refundId\n      amountCents\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation RefundPayment($paymentId: ID!, $amountCents: Int!) {\n    refundPayment(paymentId: $paymentId, amountCents: $amountCents) {\n      paymentId\n      refundId\n      amountCents\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlatformUsage($from: String!, $to: String!, $timezone: String!) {\n    platformUsage(from: $from, to: $to, timezone: $timezone) {\n      daily {\n        day\n        calls\n        credits\n        activeUsers\n      }\n      byFeature {\n        ...FeatureUsageFields\n      }\n      bySource {\n        ...SourceUsageFields\n      }\n      totals {\n        calls\n        credits\n        refundedCalls\n        activeUsers\n      }\n    }\n  }\n"): (typeof documents)["\n  query PlatformUsage($from: String!, $to: String!, $timezone: String!) {\n    platformUsage(from: $from, to: $to, timezone: $timezone) {\n      daily {\n        day\n        calls\n        credits\n        activeUsers\n      }\n      byFeature {\n        ...FeatureUsageFields\n      }\n      bySource {\n        ...SourceUsageFields\n      }\n      totals {\n        calls\n        credits\n        refundedCalls\n        activeUsers\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers($search: String, $first: Int!, $after: String) {\n    users(search: $search, first: $first, after: $after) {\n      nodes {\n        ...AdminUserFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminUsers($search: String, $first: Int!, $after: String) {\n    users(search: $search, first: $first, after: $after) {\n      nodes {\n        ...AdminUserFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUserDetail($id: ID!) {\n    user(id: $id) {\n      ...AdminUserFields\n      processingRestricted\n      notificationPreferences {\n        marketing\n      }\n      ledger(first: 20) {\n        ...LedgerEntryFields\n      }\n      payments(first: 20) {\n        ...PaymentFields\n      }\n      consumption(first: 20) {\n        ...ConsumptionLogFields\n      }\n      apiTokens {\n        ...ApiTokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminUserDetail($id: ID!) {\n    user(id: $id) {\n      ...AdminUserFields\n      processingRestricted\n      notificationPreferences {\n        marketing\n      }\n      ledger(first: 20) {\n        ...LedgerEntryFields\n      }\n      payments(first: 20) {\n        ...PaymentFields\n      }\n      consumption(first: 20) {\n        ...ConsumptionLogFields\n      }\n      apiTokens {\n        ...ApiTokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserDisabled($userId: ID!, $disabled: Boolean!) {\n    setUserDisabled(userId: $userId, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserDisabled($userId: ID!, $disabled: Boolean!) {\n    setUserDisabled(userId: $userId, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactMessages($onlyOpen: Boolean!, $first: Int!, $after: String) {\n    contactMessages(onlyOpen: $onlyOpen, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        name\n        email\n        subject\n        message\n        userId\n        handledAt\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactMessages($onlyOpen: Boolean!, $first: Int!, $after: String) {\n    contactMessages(onlyOpen: $onlyOpen, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        name\n        email\n        subject\n        message\n        userId\n        handledAt\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkContactMessageHandled($id: ID!, $handled: Boolean!) {\n    markContactMessageHandled(id: $id, handled: $handled) {\n      id\n      handledAt\n      handledBy\n    }\n  }\n"): (typeof documents)["\n  mutation MarkContactMessageHandled($id: ID!, $handled: Boolean!) {\n    markContactMessageHandled(id: $id, handled: $handled) {\n      id\n      handledAt\n      handledBy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminDataRightsRequests($status: DataRightsRequestStatus, $first: Int!, $after: String) {\n    dataRightsRequests(status: $status, first: $first, after: $after) {\n      ...DataRightsRequestPageFields\n    }\n  }\n"): (typeof documents)["\n  query AdminDataRightsRequests($status: DataRightsRequestStatus, $first: Int!, $after: String) {\n    dataRightsRequests(status: $status, first: $first, after: $after) {\n      ...DataRightsRequestPageFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveDataRightsRequest($input: ResolveDataRightsRequestInput!) {\n    resolveDataRightsRequest(input: $input) {\n      ...DataRightsRequestFields\n    }\n  }\n"): (typeof documents)["\n  mutation ResolveDataRightsRequest($input: ResolveDataRightsRequestInput!) {\n    resolveDataRightsRequest(input: $input) {\n      ...DataRightsRequestFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($action: String, $actorId: ID, $targetId: String, $first: Int!, $after: String) {\n    auditLog(action: $action, actorId: $actorId, targetId: $targetId, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        action\n        actorId\n        targetType\n        targetId\n        ip\n        before\n        after\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($action: String, $actorId: ID, $targetId: String, $first: Int!, $after: String) {\n    auditLog(action: $action, actorId: $actorId, targetId: $targetId, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        action\n        actorId\n        targetType\n        targetId\n        ip\n        before\n        after\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CreatedApiTokenFields on CreatedApiToken {\n    secret\n    token {\n      ...ApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  fragment CreatedApiTokenFields on CreatedApiToken {\n    secret\n    token {\n      ...ApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      ...CreatedApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      ...CreatedApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateApiToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      ...CreatedApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  mutation RotateApiToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      ...CreatedApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetApiTokenSpendLimit($id: ID!, $spendLimit: Int) {\n    setApiTokenSpendLimit(id: $id, spendLimit: $spendLimit) {\n      ...ApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetApiTokenSpendLimit($id: ID!, $spendLimit: Int) {\n    setApiTokenSpendLimit(id: $id, spendLimit: $spendLimit) {\n      ...ApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    active\n    spendLimit\n    spentThisMonth\n  }\n"): (typeof documents)["\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    active\n    spendLimit\n    spentThisMonth\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationPreferencesFields on NotificationPreferences {\n    email\n    marketing\n    securityAlerts\n    usageAlerts\n  }\n"): (typeof documents)["\n  fragment NotificationPreferencesFields on NotificationPreferences {\n    email\n    marketing\n    securityAlerts\n    usageAlerts\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerFields on User {\n    id\n    email\n    firstName\n    lastName\n    company\n    credits\n    role\n    plan\n    processingRestricted\n    disabled\n    createdAt\n    notificationPreferences {\n      ...NotificationPreferencesFields\n    }\n  }\n"): (typeof documents)["\n  fragment ViewerFields on User {\n    id\n    email\n    firstName\n    lastName\n    company\n    credits\n    role\n    plan\n    processingRestricted\n    disabled\n    createdAt\n    notificationPreferences {\n      ...NotificationPreferencesFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    me {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitBatch($feature: VisionFeature!, $images: [Upload!]!, $options: AnalysisOptionsInput, $idempotencyKey: String) {\n    submitAnalyses(feature: $feature, images: $images, options: $options, idempotencyKey: $idempotencyKey) {\n      id\n      jobs {\n        ...JobFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitBatch($feature: VisionFeature!, $images: [Upload!]!, $options: AnalysisOptionsInput, $idempotencyKey: String) {\n    submitAnalyses(feature: $feature, images: $images, options: $options, idempotencyKey: $idempotencyKey) {\n      id\n      jobs {\n        ...JobFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchJobs($batchId: ID!, $first: Int!) {\n    jobs(batchId: $batchId, first: $first) {\n      nodes {\n        ...JobFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query BatchJobs($batchId: ID!, $first: Int!) {\n    jobs(batchId: $batchId, first: $first) {\n      nodes {\n        ...JobFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BillingPage {\n    billingSettings {\n      available\n      testMode\n    }\n    creditPacks {\n      id\n      name\n      credits\n      priceCents\n      currency\n    }\n  }\n"): (typeof documents)["\n  query BillingPage {\n    billingSettings {\n      available\n      testMode\n    }\n    creditPacks {\n      id\n      name\n      credits\n      priceCents\n      currency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Payments($first: Int!, $after: String) {\n    payments(first: $first, after: $after) {\n      ...PaymentPageFields\n    }\n  }\n"): (typeof documents)["\n  query Payments($first: Int!, $after: String) {\n    payments(first: $first, after: $after) {\n      ...PaymentPageFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCheckoutSession($packId: ID!) {\n    createCheckoutSession(packId: $packId) {\n      url\n      paymentId\n      testMode\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCheckoutSession($packId: ID!) {\n    createCheckoutSession(packId: $packId) {\n      url\n      paymentId\n      testMode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PaymentFields on Payment {\n    id\n    createdAt\n    succeededAt\n    packName\n    credits\n    amountCents\n    currency\n    status\n    cardBrand\n    cardLast4\n    refundedCents\n    creditsReversed\n    failureReason\n  }\n"): (typeof documents)["\n  fragment PaymentFields on Payment {\n    id\n    createdAt\n    succeededAt\n    packName\n    credits\n    amountCents\n    currency\n    status\n    cardBrand\n    cardLast4\n    refundedCents\n    creditsReversed\n    failureReason\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PaymentPageFields on PaymentPage {\n    nodes {\n      ...PaymentFields\n    }\n    pageInfo {\n      ...PageInfoFields\n    }\n  }\n"): (typeof documents)["\n  fragment PaymentPageFields on PaymentPage {\n    nodes {\n      ...PaymentFields\n    }\n    pageInfo {\n      ...PageInfoFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitContactMessage($input: ContactMessageInput!) {\n    submitContactMessage(input: $input) {\n      id\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitContactMessage($input: ContactMessageInput!) {\n    submitContactMessage(input: $input) {\n      id\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LedgerEntryFields on LedgerEntry {\n    id\n    createdAt\n    delta\n    balanceAfter\n    reason\n    reference\n    note\n  }\n"): (typeof documents)["\n  fragment LedgerEntryFields on LedgerEntry {\n    id\n    createdAt\n    delta\n    balanceAfter\n    reason\n    reference\n    note\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CreditLedger($first: Int!, $after: String) {\n    creditLedger(first: $first, after: $after) {\n      nodes {\n        ...LedgerEntryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query CreditLedger($first: Int!, $after: String) {\n    creditLedger(first: $first, after: $after) {\n      nodes {\n        ...LedgerEntryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FeatureUsageFields on FeatureUsage {\n    feature\n    calls\n    credits\n  }\n"): (typeof documents)["\n  fragment FeatureUsageFields on FeatureUsage {\n    feature\n    calls\n    credits\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SourceUsageFields on SourceUsage {\n    source\n    calls\n    credits\n  }\n"): (typeof documents)["\n  fragment SourceUsageFields on SourceUsage {\n    source\n    calls\n    credits\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsageSummary($from: String!, $to: String!, $timezone: String!) {\n    usageSummary(from: $from, to: $to, timezone: $timezone) {\n      from\n      to\n      timezone\n      daily {\n        day\n        calls\n        credits\n      }\n      byFeature {\n        ...FeatureUsageFields\n      }\n      bySource {\n        ...SourceUsageFields\n      }\n      totals {\n        calls\n        credits\n        refundedCalls\n      }\n    }\n  }\n"): (typeof documents)["\n  query UsageSummary($from: String!, $to: String!, $timezone: String!) {\n    usageSummary(from: $from, to: $to, timezone: $timezone) {\n      from\n      to\n      timezone\n      daily {\n        day\n        calls\n        credits\n      }\n      byFeature {\n        ...FeatureUsageFields\n      }\n      bySource {\n        ...SourceUsageFields\n      }\n      totals {\n        calls\n        credits\n        refundedCalls\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobSummaryFields on Job {\n    id\n    status\n    progress\n    feature\n    batchId\n    creditsCharged\n    attempts\n    createdAt\n    startedAt\n    finishedAt\n    error {\n      code\n      message\n    }\n  }\n"): (typeof documents)["\n  fragment JobSummaryFields on Job {\n    id\n    status\n    progress\n    feature\n    batchId\n    creditsCharged\n    attempts\n    createdAt\n    startedAt\n    finishedAt\n    error {\n      code\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobFields on Job {\n    ...JobSummaryFields\n    result {\n      ...AnalysisResultFields\n    }\n  }\n"): (typeof documents)["\n  fragment JobFields on Job {\n    ...JobSummaryFields\n    result {\n      ...AnalysisResultFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Job($id: ID!) {\n    job(id: $id) {\n      ...JobFields\n    }\n  }\n"): (typeof documents)["\n  query Job($id: ID!) {\n    job(id: $id) {\n      ...JobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Jobs($first: Int!, $after: String, $status: JobStatus, $batchId: ID) {\n    jobs(first: $first, after: $after, status: $status, batchId: $batchId) {\n      nodes {\n        ...JobSummaryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Jobs($first: Int!, $after: String, $status: JobStatus, $batchId: ID) {\n    jobs(first: $first, after: $after, status: $status, batchId: $batchId) {\n      nodes {\n        ...JobSummaryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      ...JobFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      ...JobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobUpdated($id: ID, $batchId: ID) {\n    jobUpdated(id: $id, batchId: $batchId) {\n      ...JobFields\n    }\n  }\n"): (typeof documents)["\n  subscription JobUpdated($id: ID, $batchId: ID) {\n    jobUpdated(id: $id, batchId: $batchId) {\n      ...JobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PrivacyPolicy {\n    privacyPolicy {\n      policies {\n        code\n        title\n      }\n      promises {\n        id\n        policy\n        source\n        plainLanguage\n        kind\n        setting\n      }\n      settings {\n        sessionMaxAgeDays\n        signupBonusCredits\n        accessLogRetentionDays\n        paymentRetentionYears\n        resultsStored\n        originalRetentionDays\n        outputRetention {\n          plan\n          days\n        }\n        imageProviders {\n          feature\n          provider\n          leavesServer\n        }\n        marketingOptIn\n        mailDelivery\n      }\n    }\n  }\n"): (typeof documents)["\n  query PrivacyPolicy {\n    privacyPolicy {\n      policies {\n        code\n        title\n      }\n      promises {\n        id\n        policy\n        source\n        plainLanguage\n        kind\n        setting\n      }\n      settings {\n        sessionMaxAgeDays\n        signupBonusCredits\n        accessLogRetentionDays\n        paymentRetentionYears\n        resultsStored\n        originalRetentionDays\n        outputRetention {\n          plan\n          days\n        }\n        imageProviders {\n          feature\n          provider\n          leavesServer\n        }\n        marketingOptIn\n        mailDelivery\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Features {\n    features {\n      name\n      description\n      credits\n      input\n      provider\n      available\n      unavailableReason\n    }\n  }\n"): (typeof documents)["\n  query Features {\n    features {\n      name\n      description\n      credits\n      input\n      provider\n      available\n      unavailableReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AnalysisResultFields on AnalysisResult {\n    consumptionId\n    creditsCharged\n    balance\n    durationMs\n    provider\n    feature\n    replayed\n    viewer {\n      id\n      credits\n    }\n    labels {\n      label\n      score\n    }\n    objects {\n      label\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n    }\n    instances {\n      label\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n      mask\n    }\n    texts {\n      text\n      score\n      polygon {\n        x\n        y\n      }\n    }\n    poses {\n      score\n      keypoints {\n        name\n        x\n        y\n        score\n      }\n    }\n    faces {\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n      landmarks {\n        name\n        x\n        y\n        score\n      }\n    }\n    image {\n      png\n      width\n      height\n    }\n  }\n"): (typeof documents)["\n  fragment AnalysisResultFields on AnalysisResult {\n    consumptionId\n    creditsCharged\n    balance\n    durationMs\n    provider\n    feature\n    replayed\n    viewer {\n      id\n      credits\n    }\n    labels {\n      label\n      score\n    }\n    objects {\n      label\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n    }\n    instances {\n      label\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n      mask\n    }\n    texts {\n      text\n      score\n      polygon {\n        x\n        y\n      }\n    }\n    poses {\n      score\n      keypoints {\n        name\n        x\n        y\n        score\n      }\n    }\n    faces {\n      score\n      box {\n        x\n        y\n        width\n        height\n      }\n      landmarks {\n        name\n        x\n        y\n        score\n      }\n    }\n    image {\n      png\n      width\n      height\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitAnalysis($feature: VisionFeature!, $image: Upload, $url: String, $options: AnalysisOptionsInput, $idempotencyKey: String) {\n    submitAnalysis(feature: $feature, image: $image, url: $url, options: $options, idempotencyKey: $idempotencyKey) {\n      ...JobFields\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitAnalysis($feature: VisionFeature!, $image: Upload, $url: String, $options: AnalysisOptionsInput, $idempotencyKey: String) {\n    submitAnalysis(feature: $feature, image: $image, url: $url, options: $options, idempotencyKey: $idempotencyKey) {\n      ...JobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitGeneration($prompt: String!, $options: GenerationOptionsInput, $idempotencyKey: String) {\n    submitGeneration(prompt: $prompt, options: $options, idempotencyKey: $idempotencyKey) {\n      ...JobFields\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitGeneration($prompt: String!, $options: GenerationOptionsInput, $idempotencyKey: String) {\n    submitGeneration(prompt: $prompt, options: $options, idempotencyKey: $idempotencyKey) {\n      ...JobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DataRightsRequestFields on DataRightsRequest {\n    id\n    type\n    status\n    createdAt\n    dueAt\n    completedAt\n    overdue\n    details\n    resolution\n    userId\n  }\n"): (typeof documents)["\n  fragment DataRightsRequestFields on DataRightsRequest {\n    id\n    type\n    status\n    createdAt\n    dueAt\n    completedAt\n    overdue\n    details\n    resolution\n    userId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DataRightsRequestPageFields on DataRightsRequestPage {\n    nodes {\n      ...DataRightsRequestFields\n    }\n    pageInfo {\n      ...PageInfoFields\n    }\n  }\n"): (typeof documents)["\n  fragment DataRightsRequestPageFields on DataRightsRequestPage {\n    nodes {\n      ...DataRightsRequestFields\n    }\n    pageInfo {\n      ...PageInfoFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyDataRightsRequests($first: Int!, $after: String) {\n    myDataRightsRequests(first: $first, after: $after) {\n      ...DataRightsRequestPageFields\n    }\n  }\n"): (typeof documents)["\n  query MyDataRightsRequests($first: Int!, $after: String) {\n    myDataRightsRequests(first: $first, after: $after) {\n      ...DataRightsRequestPageFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyConsentLog($first: Int!, $after: String) {\n    myConsentLog(first: $first, after: $after) {\n      nodes {\n        id\n        subject\n        enabled\n        source\n        createdAt\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyConsentLog($first: Int!, $after: String) {\n    myConsentLog(first: $first, after: $after) {\n      nodes {\n        id\n        subject\n        enabled\n        source\n        createdAt\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetProcessingRestricted($restricted: Boolean!) {\n    setProcessingRestricted(restricted: $restricted) {\n      id\n      processingRestricted\n    }\n  }\n"): (typeof documents)["\n  mutation SetProcessingRestricted($restricted: Boolean!) {\n    setProcessingRestricted(restricted: $restricted) {\n      id\n      processingRestricted\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FileObjection($input: ObjectionInput!) {\n    fileObjection(input: $input) {\n      ...DataRightsRequestFields\n    }\n  }\n"): (typeof documents)["\n  mutation FileObjection($input: ObjectionInput!) {\n    fileObjection(input: $input) {\n      ...DataRightsRequestFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMyAccount($input: DeleteAccountInput!) {\n    deleteMyAccount(input: $input)\n  }\n"): (typeof documents)["\n  mutation DeleteMyAccount($input: DeleteAccountInput!) {\n    deleteMyAccount(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoredResults($first: Int!, $after: String) {\n    storedResults(first: $first, after: $after) {\n      enabled\n      nodes {\n        id\n        kind\n        feature\n        mime\n        sizeBytes\n        createdAt\n        expiresAt\n        downloadPath\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query StoredResults($first: Int!, $after: String) {\n    storedResults(first: $first, after: $after) {\n      enabled\n      nodes {\n        id\n        kind\n        feature\n        mime\n        sizeBytes\n        createdAt\n        expiresAt\n        downloadPath\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteStoredResult($id: ID!) {\n    deleteStoredResult(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteStoredResult($id: ID!) {\n    deleteStoredResult(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAllStoredResults {\n    deleteAllStoredResults\n  }\n"): (typeof documents)["\n  mutation DeleteAllStoredResults {\n    deleteAllStoredResults\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      firstName\n      lastName\n      company\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      firstName\n      lastName\n      company\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNotificationPreferences($input: NotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      id\n      notificationPreferences {\n        ...NotificationPreferencesFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateNotificationPreferences($input: NotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      id\n      notificationPreferences {\n        ...NotificationPreferencesFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastSeenAt\n      ip\n      browser\n      current\n    }\n  }\n"): (typeof documents)["\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastSeenAt\n      ip\n      browser\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeOtherSessions {\n    revokeOtherSessions\n  }\n"): (typeof documents)["\n  mutation RevokeOtherSessions {\n    revokeOtherSessions\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsumptionLogFields on ConsumptionLog {\n    id\n    createdAt\n    feature\n    credits\n    source\n    status\n    durationMs\n    errorCode\n    imageUrl\n    apiTokenId\n    apiTokenName\n    apiTokenPrefix\n  }\n"): (typeof documents)["\n  fragment ConsumptionLogFields on ConsumptionLog {\n    id\n    createdAt\n    feature\n    credits\n    source\n    status\n    durationMs\n    errorCode\n    imageUrl\n    apiTokenId\n    apiTokenName\n    apiTokenPrefix\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsumptionLogs($filter: ConsumptionLogFilter, $first: Int!, $after: String) {\n    consumptionLogs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...ConsumptionLogFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsumptionLogs($filter: ConsumptionLogFilter, $first: Int!, $after: String) {\n    consumptionLogs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...ConsumptionLogFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    events\n    secretHint\n    createdAt\n  }\n"): (typeof documents)["\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    events\n    secretHint\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CreatedWebhookEndpointFields on CreatedWebhookEndpoint {\n    secret\n    endpoint {\n      ...WebhookEndpointFields\n    }\n  }\n"): (typeof documents)["\n  fragment CreatedWebhookEndpointFields on CreatedWebhookEndpoint {\n    secret\n    endpoint {\n      ...WebhookEndpointFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookDeliveryFields on WebhookDelivery {\n    id\n    endpointId\n    jobId\n    eventType\n    messageId\n    url\n    status\n    createdAt\n    nextAttemptAt\n    attempts {\n      id\n      attemptedAt\n      durationMs\n      statusCode\n      error\n    }\n  }\n"): (typeof documents)["\n  fragment WebhookDeliveryFields on WebhookDelivery {\n    id\n    endpointId\n    jobId\n    eventType\n    messageId\n    url\n    status\n    createdAt\n    nextAttemptAt\n    attempts {\n      id\n      attemptedAt\n      durationMs\n      statusCode\n      error\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...WebhookEndpointFields\n    }\n  }\n"): (typeof documents)["\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...WebhookEndpointFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookEndpoint($url: String!, $events: [WebhookEventType!]!) {\n    createWebhookEndpoint(url: $url, events: $events) {\n      ...CreatedWebhookEndpointFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhookEndpoint($url: String!, $events: [WebhookEventType!]!) {\n    createWebhookEndpoint(url: $url, events: $events) {\n      ...CreatedWebhookEndpointFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      ...CreatedWebhookEndpointFields\n    }\n  }\n"): (typeof documents)["\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      ...CreatedWebhookEndpointFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookSigningSecret {\n    webhookSigningSecret\n  }\n"): (typeof documents)["\n  query WebhookSigningSecret {\n    webhookSigningSecret\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSigningSecret {\n    rotateWebhookSigningSecret\n  }\n"): (typeof documents)["\n  mutation RotateWebhookSigningSecret {\n    rotateWebhookSigningSecret\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($first: Int!, $after: String, $endpointId: ID) {\n    webhookDeliveries(first: $first, after: $after, endpointId: $endpointId) {\n      nodes {\n        ...WebhookDeliveryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveries($first: Int!, $after: String, $endpointId: ID) {\n    webhookDeliveries(first: $first, after: $after, endpointId: $endpointId) {\n      nodes {\n        ...WebhookDeliveryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) {\n      ...WebhookDeliveryFields\n    }\n  }\n"): (typeof documents)["\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) {\n      ...WebhookDeliveryFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;