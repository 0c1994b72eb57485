import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import { CreateOutbox1764000003000 } from './migrations/1764000003000-CreateOutbox';
import { NotificationNeeds, NotificationService } from './notification.service';
import { registerNotificationListeners } from './notifications.module';

export { NotificationService } from './notification.service';

type NotificationModuleNeeds = NotificationNeeds & Pick<Platform, 'events'>;

export const notificationsModule = defineModule({
  name: 'notifications',
  purpose: 'Every mail, checked against the recipient’s preferences at send time; SMTP or the outbox table',
  migrations: [CreateOutbox1764000003000],
  services: (needs: NotificationModuleNeeds) => ({ notifications: new NotificationService(needs) }),
  initializers: [registerNotificationListeners],
});
