import { Field, ID, Int, ObjectType } from 'type-graphql';
import { graphqlEnum, type EnumValue } from '../../graphql/enums';
import { PageOf } from '../../graphql/pagination';

export const WebhookEventType = graphqlEnum(
  'WebhookEventType',
  ['JOB_STARTED', 'JOB_SUCCEEDED', 'JOB_FAILED', 'JOB_CANCELED', 'JOB_EXPIRED'],
  'What a delivery announces; its body `type` is the lower-case dotted form, e.g. job.succeeded',
);
export type WebhookEventType = EnumValue<typeof WebhookEventType>;

export const WebhookDeliveryStatus = graphqlEnum(
  'WebhookDeliveryStatus',
  ['PENDING', 'SUCCEEDED', 'FAILED'],
  'PENDING: not answered with 2xx yet and retries left; FAILED: retries exhausted (24 h) or the endpoint was deleted',
);
export type WebhookDeliveryStatus = EnumValue<typeof WebhookDeliveryStatus>;

/** Job status → the event a webhook announces; QUEUED announces nothing. */
const EVENT_OF_STATUS: Record<string, WebhookEventType | undefined> = {
  RUNNING: WebhookEventType.JOB_STARTED,
  SUCCEEDED: WebhookEventType.JOB_SUCCEEDED,
  FAILED: WebhookEventType.JOB_FAILED,
  CANCELED: WebhookEventType.JOB_CANCELED,
  EXPIRED: WebhookEventType.JOB_EXPIRED,
};

export const eventTypeOfJobStatus = (status: string): WebhookEventType | undefined => EVENT_OF_STATUS[status];

/** JOB_SUCCEEDED → "job.succeeded", the body's `type`. */
export const wireEventName = (type: WebhookEventType): string => type.toLowerCase().replace('_', '.');

@ObjectType({ description: 'A URL of mine that receives signed job events' })
export class WebhookEndpoint {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => [WebhookEventType])
  events: WebhookEventType[];

  @Field({ description: 'The first characters of the signing secret, e.g. whsec_Ab3d…; the rest is never shown again' })
  secretHint: string;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: 'A new signing secret: shown in this response only, never again' })
export class CreatedWebhookEndpoint {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field({ description: 'whsec_… (Standard Webhooks); verify every delivery with it' })
  secret: string;
}

@ObjectType({ description: 'One try to deliver a webhook' })
export class WebhookAttempt {
  @Field(() => ID)
  id: string;

  @Field()
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: 'The receiver’s HTTP status; null when it gave no answer' })
  statusCode: number | null;

  @Field(() => Int)
  durationMs: number;

  @Field(() => String, { nullable: true, description: 'Why the attempt failed (timeout, refused address, HTTP status…); null on success' })
  error: string | null;
}

@ObjectType({ description: 'One event for one receiver, retried until it is answered with 2xx or 24 h have passed' })
export class WebhookDelivery {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The webhook-id header, msg_…, the same on every retry: receivers use it to drop duplicates' })
  messageId: string;

  @Field(() => WebhookEventType)
  eventType: WebhookEventType;

  @Field()
  url: string;

  @Field(() => ID, { nullable: true, description: 'null for a job’s own webhookUrl (or a deleted endpoint)' })
  endpointId: string | null;

  @Field(() => ID, { nullable: true })
  jobId: string | null;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => [WebhookAttempt], { description: 'Oldest first' })
  attempts: WebhookAttempt[];

  @Field(() => Date, { nullable: true, description: 'When the next retry is due; null once SUCCEEDED or FAILED' })
  nextAttemptAt: Date | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class WebhookDeliveryPage extends PageOf(WebhookDelivery) {}
