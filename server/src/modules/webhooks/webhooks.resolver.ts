import { Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import { UuidArgs } from '../../graphql/id-args';
import { decodeUuidCursor, toPage } from '../../graphql/pagination';
import type { WebhookDeliveriesService } from './webhook-deliveries.service';
import type { WebhookEndpointsService } from './webhook-endpoints.service';
import { CreatedWebhookEndpoint, WebhookDelivery, WebhookDeliveryPage, WebhookEndpoint } from './webhooks.graphql';
import { CreateWebhookEndpointArgs, RedeliverWebhookArgs, WebhookDeliveriesArgs } from './webhooks.inputs';

/** Webhooks are part of an integration: an API token may manage them like a session (Stripe, Replicate). */
@Resolver()
export class WebhooksResolver {
  constructor(private readonly services: { webhookEndpoints: WebhookEndpointsService; webhookDeliveries: WebhookDeliveriesService }) {}

  @Authorized()
  @Query(() => [WebhookEndpoint], { description: 'My webhook endpoints, oldest first' })
  webhookEndpoints(@Ctx() ctx: RequestContext): Promise<WebhookEndpoint[]> {
    return this.services.webhookEndpoints.list(ctx.viewer!.userId);
  }

  @Authorized()
  @Query(() => WebhookDeliveryPage, { description: 'My webhook deliveries with their attempts, newest first' })
  async webhookDeliveries(@Args() { first, after, endpointId, jobId }: WebhookDeliveriesArgs, @Ctx() ctx: RequestContext): Promise<WebhookDeliveryPage> {
    const rows = await this.services.webhookDeliveries.page(ctx.viewer!.userId, first + 1, decodeUuidCursor(after), { endpointId, jobId });
    return toPage(rows, first);
  }

  @Authorized()
  @Query(() => String, {
    description: 'The secret (whsec_…) that signs deliveries to a job’s own webhookUrl: one per account, created on first use',
  })
  webhookSigningSecret(@Ctx() ctx: RequestContext): Promise<string> {
    return this.services.webhookEndpoints.signingSecret(ctx.viewer!.userId);
  }

  @Authorized()
  @Mutation(() => String, { description: 'Replaces the account’s signing secret for job webhookUrls; the old one stops at once' })
  rotateWebhookSigningSecret(@Ctx() ctx: RequestContext): Promise<string> {
    return this.services.webhookEndpoints.rotateSigningSecret(ctx.viewer!.userId);
  }

  @Authorized()
  @Mutation(() => CreatedWebhookEndpoint, { description: 'The secret is in this response only; store it now' })
  createWebhookEndpoint(@Args() { url, events }: CreateWebhookEndpointArgs, @Ctx() ctx: RequestContext): Promise<CreatedWebhookEndpoint> {
    return this.services.webhookEndpoints.create(ctx.viewer!.userId, url, events);
  }

  @Authorized()
  @Mutation(() => CreatedWebhookEndpoint, { description: 'Issues a new secret; the old one signs nothing from now on' })
  rotateWebhookSecret(@Args() { id }: UuidArgs, @Ctx() ctx: RequestContext): Promise<CreatedWebhookEndpoint> {
    return this.services.webhookEndpoints.rotate(ctx.viewer!.userId, id);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes the endpoint; its pending deliveries end FAILED' })
  async deleteWebhookEndpoint(@Args() { id }: UuidArgs, @Ctx() ctx: RequestContext): Promise<boolean> {
    await this.services.webhookEndpoints.delete(ctx.viewer!.userId, id);
    return true;
  }

  @Authorized()
  @Mutation(() => WebhookDelivery, { description: 'Sends the delivery again now: same webhook-id, a new attempt' })
  redeliverWebhook(@Args() { deliveryId }: RedeliverWebhookArgs, @Ctx() ctx: RequestContext): Promise<WebhookDelivery> {
    return this.services.webhookDeliveries.redeliver(ctx.viewer!.userId, deliveryId);
  }
}
