import type { EventBus } from '../../core/events';
import type { WebhookDeliveriesService } from './webhook-deliveries.service';
import type { WebhookDeliveryRunner } from './webhook-runner';

/** Every job event writes its deliveries and wakes this process's delivery loop. */
export function startWebhookDeliveries(services: { events: EventBus; webhookDeliveries: WebhookDeliveriesService; webhookRunner: WebhookDeliveryRunner }): void {
  const { events, webhookDeliveries, webhookRunner } = services;
  events.on('job.updated', async (event) => {
    if ((await webhookDeliveries.enqueue(event)) > 0) webhookRunner.wake();
  });
  void webhookRunner.start();
}
