import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { BillingService } from '../billing';
import type { CreditsService } from '../credits';
import { CreateOutbox1764000003000 } from './migrations/1764000003000-CreateOutbox';
import { NotificationService } from './notification.service';
import { registerNotificationListeners } from './notifications.module';

export { NotificationService } from './notification.service';

type NotificationNeeds = Pick<Platform, 'config' | 'dataSource' | 'clock' | 'logger' | 'events'> & {
  credits: CreditsService;
  billing: BillingService;
};

export const notificationsModule = defineModule({
  name: 'notifications',
  purpose: 'Every mail, checked against the recipient’s preferences at send time; SMTP or the outbox table',
  migrations: [CreateOutbox1764000003000],
  services: ({ config, dataSource, clock, logger, credits, billing }: NotificationNeeds) => ({
    notifications: new NotificationService(config.mail, config.publicUrl, dataSource, clock, logger, credits, billing),
  }),
  initializers: [registerNotificationListeners],
});
