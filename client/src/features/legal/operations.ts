import { graphql } from '../../gql';

export const PrivacyPolicyQuery = graphql(`
  query PrivacyPolicy {
    privacyPolicy {
      policies {
        code
        title
      }
      promises {
        id
        policy
        source
        plainLanguage
        kind
        setting
      }
      settings {
        sessionMaxAgeDays
        signupBonusCredits
        accessLogRetentionDays
        paymentRetentionYears
        resultsStored
        originalRetentionDays
        outputRetention {
          plan
          days
        }
        imageProviders {
          feature
          provider
          leavesServer
        }
        marketingOptIn
        mailDelivery
      }
    }
  }
`);
