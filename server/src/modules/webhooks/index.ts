import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import { addressPolicy } from '../vision';
import { CreateWebhooks1764000007100 } from './migrations/1764000007100-CreateWebhooks';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookDeliveryRunner } from './webhook-runner';
import { WebhookSecretBox } from './webhook-secret';
import { listenForJobEvents } from './webhooks.module';
import { WebhooksResolver } from './webhooks.resolver';

export { RETRY_DELAYS_MS, WebhookDeliveriesService } from './webhook-deliveries.service';
export { MAX_WEBHOOK_ENDPOINTS, WebhookEndpointsService } from './webhook-endpoints.service';
export { WebhookDeliveryRunner } from './webhook-runner';

type WebhooksNeeds = Pick<Platform, 'config' | 'dataSource' | 'clock' | 'logger' | 'events'>;

export const webhooksModule = defineModule({
  name: 'webhooks',
  purpose: 'Signed job events out (Standard Webhooks): endpoints, the account signing secret, deliveries retried for 24 h',
  migrations: [CreateWebhooks1764000007100],
  services: ({ config, dataSource, clock, logger }: WebhooksNeeds) => {
    const { allowLoopbackUrls } = config.vision;
    // https in production; the test-only loopback allowance (refused in production) admits the fake receivers.
    const network = { policy: addressPolicy({ allowLoopback: allowLoopbackUrls }), requireHttps: config.production && !allowLoopbackUrls };
    const webhookEndpoints = new WebhookEndpointsService(dataSource, new WebhookSecretBox(config.jwtSecret), network);
    const webhookDeliveries = new WebhookDeliveriesService(dataSource, clock, logger, webhookEndpoints);
    return { webhookEndpoints, webhookDeliveries, webhookRunner: new WebhookDeliveryRunner(webhookDeliveries, clock, logger) };
  },
  resolvers: [WebhooksResolver],
  initializers: [listenForJobEvents],
  runners: [(services) => services.webhookRunner],
});
