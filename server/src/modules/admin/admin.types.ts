import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../graphql/pagination';
import { ContactMessage } from '../contact';
import { NotificationPreferences, Plan, Role, User } from '../users';
import { UsersService } from '../users';
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
      id: user.id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      company: user.company,
      role: user.role,
      plan: user.plan,
      credits: user.credits,
      disabled: user.disabled,
      processingRestricted: user.processingRestricted,
      notificationPreferences: UsersService.preferencesOf(user),
      createdAt: user.createdAt,
      deletedAt: user.deletedAt,
    };
  }
}

@ObjectType()
export class AdminUserPage {
  @Field(() => [AdminUser])
  nodes: AdminUser[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@ObjectType()
export class ContactMessagePage {
  @Field(() => [ContactMessage])
  nodes: ContactMessage[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@ObjectType()
export class AuditLogPage {
  @Field(() => [AuditEntry])
  nodes: AuditEntry[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}
