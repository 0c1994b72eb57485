import { graphql } from '../../gql';

export const WebhookEndpointFieldsFragment = graphql(`
  fragment WebhookEndpointFields on WebhookEndpoint {
    id
    url
    events
    secretHint
    createdAt
  }
`);

/** A new whsec_ secret, shown once, with its endpoint (creating and rotating both answer it). */
export const CreatedWebhookEndpointFieldsFragment = graphql(`
  fragment CreatedWebhookEndpointFields on CreatedWebhookEndpoint {
    secret
    endpoint {
      ...WebhookEndpointFields
    }
  }
`);

export const WebhookDeliveryFieldsFragment = graphql(`
  fragment WebhookDeliveryFields on WebhookDelivery {
    id
    endpointId
    jobId
    eventType
    messageId
    url
    status
    createdAt
    nextAttemptAt
    attempts {
      id
      attemptedAt
      durationMs
      statusCode
      error
    }
  }
`);

export const WebhookEndpointsQuery = graphql(`
  query WebhookEndpoints {
    webhookEndpoints {
      ...WebhookEndpointFields
    }
  }
`);

export const CreateWebhookEndpointMutation = graphql(`
  mutation CreateWebhookEndpoint($url: String!, $events: [WebhookEventType!]!) {
    createWebhookEndpoint(url: $url, events: $events) {
      ...CreatedWebhookEndpointFields
    }
  }
`);

export const RotateWebhookSecretMutation = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      ...CreatedWebhookEndpointFields
    }
  }
`);

export const DeleteWebhookEndpointMutation = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);

export const WebhookSigningSecretQuery = graphql(`
  query WebhookSigningSecret {
    webhookSigningSecret
  }
`);

export const RotateWebhookSigningSecretMutation = graphql(`
  mutation RotateWebhookSigningSecret {
    rotateWebhookSigningSecret
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($first: Int!, $after: String, $endpointId: ID) {
    webhookDeliveries(first: $first, after: $after, endpointId: $endpointId) {
      nodes {
        ...WebhookDeliveryFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`);

export const RedeliverWebhookMutation = graphql(`
  mutation RedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) {
      ...WebhookDeliveryFields
    }
  }
`);
