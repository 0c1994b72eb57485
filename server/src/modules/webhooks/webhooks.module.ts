import type { EventBus } from '../../core/events';
import type { WebhookDeliveriesService } from './webhook-deliveries.service';
import type { WebhookDeliveryRunner } from './webhook-runner';

/** Every job event writes its deliveries and wakes this process's delivery loop (a runner, where this process runs them). */
export function listenForJobEvents(services: { events: EventBus; webhookDeliveries: WebhookDeliveriesService; webhookRunner: WebhookDeliveryRunner }): void {
  const { events, webhookDeliveries, webhookRunner } = services;
  events.on('job.updated', async (event) => {
    if ((await webhookDeliveries.enqueue(event)) > 0) webhookRunner.wake();
  });
}
