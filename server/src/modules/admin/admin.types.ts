import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageOf } from '../../graphql/pagination';
import { ContactMessage } from '../contact';
import { NotificationPreferences, Plan, Role, User, UsersService, accountSummary } from '../users';
import { AuditEntry } from './audit-entry.entity';

/**
 * An account as administrators see it. Its own type (not User) so the admin-only nested fields
 * never appear on `me`, and so each field is listed on purpose: no password hash, no token hash.
 */
@ObjectType()
export class AdminUser {
  @Field(() => ID)
  id: string;

  @Field({ description: 'A deleted-…@deleted.invalid tombstone once the account was deleted' })
  email: string;

  @Field()
  firstName: string;

  @Field()
  lastName: string;

  @Field(() => String, { nullable: true })
  company: string | null;

  @Field(() => Role)
  role: Role;

  @Field(() => Plan)
  plan: Plan;

  @Field(() => Int)
  credits: number;

  @Field()
  disabled: boolean;

  @Field()
  processingRestricted: boolean;

  @Field(() => NotificationPreferences)
  notificationPreferences: NotificationPreferences;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  deletedAt: Date | null;

  static of(user: User): AdminUser {
    return {
      ...accountSummary(user),
      processingRestricted: user.processingRestricted,
      notificationPreferences: UsersService.preferencesOf(user),
      createdAt: user.createdAt,
      deletedAt: user.deletedAt,
    };
  }
}

@ObjectType()
export class AdminUserPage extends PageOf(AdminUser) {}

@ObjectType()
export class ContactMessagePage extends PageOf(ContactMessage) {}

@ObjectType()
export class AuditLogPage extends PageOf(AuditEntry) {}
