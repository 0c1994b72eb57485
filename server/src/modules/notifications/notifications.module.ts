import type { EventBus } from '../../core/events';
import type { NotificationService } from './notification.service';

/** Mails answer domain events; listeners run after the announcing transaction committed. */
export function registerNotificationListeners(services: { events: EventBus; notifications: NotificationService }): void {
  const { events, notifications } = services;
  events.on('user.passwordChanged', ({ userId }) => notifications.passwordChanged(userId).then(() => undefined));
  events.on('apiToken.created', ({ userId, name }) => notifications.apiTokenCreated(userId, name).then(() => undefined));
  events.on('payment.succeeded', ({ userId, paymentId }) => notifications.paymentConfirmed(userId, paymentId).then(() => undefined));
  events.on('credits.spent', ({ userId, balanceAfter }) => notifications.creditsSpent(userId, balanceAfter).then(() => undefined));
  events.on('user.deleting', ({ userId, email }) => notifications.accountDeleting(userId, email).then(() => undefined));
}
