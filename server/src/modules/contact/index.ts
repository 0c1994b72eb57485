import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { RateLimitService } from '../rate-limits';
import { ContactMessage } from './contact-message.entity';
import { ContactResolver } from './contact.resolver';
import { ContactService } from './contact.service';
import { CreateContactMessages1764000003100 } from './migrations/1764000003100-CreateContactMessages';

export { ContactMessage } from './contact-message.entity';
export { ContactService } from './contact.service';

export const contactModule = defineModule({
  name: 'contact',
  purpose: 'The public contact form, limited per IP and kept for support',
  entities: [ContactMessage],
  migrations: [CreateContactMessages1764000003100],
  services: ({ dataSource, clock, rateLimits }: Pick<Platform, 'dataSource' | 'clock'> & { rateLimits: RateLimitService }) => ({ contact: new ContactService(dataSource, clock, rateLimits) }),
  resolvers: [ContactResolver],
});
