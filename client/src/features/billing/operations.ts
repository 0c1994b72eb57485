import { graphql } from '../../gql';

export const PaymentFieldsFragment = graphql(`
  fragment PaymentFields on Payment {
    id
    createdAt
    succeededAt
    packName
    credits
    amountCents
    currency
    status
    cardBrand
    cardLast4
    refundedCents
    creditsReversed
    failureReason
  }
`);

export const BillingPageQuery = graphql(`
  query BillingPage {
    billingSettings {
      available
      testMode
    }
    creditPacks {
      id
      name
      credits
      priceCents
      currency
    }
  }
`);

export const PaymentsQuery = graphql(`
  query Payments($first: Int!, $after: String) {
    payments(first: $first, after: $after) {
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

export const CreateCheckoutSessionMutation = graphql(`
  mutation CreateCheckoutSession($packId: ID!) {
    createCheckoutSession(packId: $packId) {
      url
      paymentId
      testMode
    }
  }
`);
