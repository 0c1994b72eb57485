import { graphql } from '../../gql';

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
      ...PaymentPageFields
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
