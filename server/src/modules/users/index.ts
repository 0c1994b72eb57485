import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import { CreateUsers1764000000000 } from './migrations/1764000000000-CreateUsers';
import { User } from './user.entity';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

export { NotificationPreferences, Plan, Role, User } from './user.entity';
export { accountSummary } from './account-summary';
export { UsersService } from './users.service';
export { UpdateProfileInput } from './users.inputs';

export const usersModule = defineModule({
  name: 'users',
  purpose: 'The account: profile, notification preferences, plan and role',
  entities: [User],
  migrations: [CreateUsers1764000000000],
  services: ({ dataSource, events }: Pick<Platform, 'dataSource' | 'events'>) => ({ users: new UsersService(dataSource, events) }),
  resolvers: [UsersResolver],
});
