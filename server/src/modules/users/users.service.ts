import { DataSource } from 'typeorm';
import { notFound } from '../../core/errors';
import type { EventBus } from '../../core/events';
import { NotificationPreferences, Role, User } from './user.entity';
import { NotificationPreferencesInput, UpdateProfileInput } from './users.inputs';

export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    /** Announces rectifications and preference changes (the privacy module logs them). */
    private readonly events?: EventBus,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(User);
  }

  findById(id: string): Promise<User | null> {
    return this.repo.findOneBy({ id });
  }

  async getById(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw notFound('User');
    return user;
  }

  async updateProfile(userId: string, input: UpdateProfileInput): Promise<User> {
    const user = await this.getById(userId);
    const before = { firstName: user.firstName, lastName: user.lastName, company: user.company };
    user.firstName = input.firstName.trim();
    user.lastName = input.lastName.trim();
    user.company = input.company?.trim() || null;
    const saved = await this.repo.save(user);
    const changedFields = (Object.keys(before) as Array<keyof typeof before>).filter((key) => before[key] !== saved[key]);
    if (changedFields.length) await this.events?.emitAndWait('user.profileUpdated', { userId, changedFields });
    return saved;
  }

  async updateNotificationPreferences(userId: string, input: NotificationPreferencesInput): Promise<User> {
    const user = await this.getById(userId);
    const before = UsersService.preferencesOf(user);
    user.notifyEmail = input.email;
    user.notifyUsageAlerts = input.usageAlerts;
    user.notifySecurityAlerts = input.securityAlerts;
    user.notifyMarketing = input.marketing;
    const saved = await this.repo.save(user);
    await this.events?.emitAndWait('user.preferencesChanged', { userId, before, after: UsersService.preferencesOf(saved) });
    return saved;
  }

  static preferencesOf(user: User): NotificationPreferences {
    return {
      email: user.notifyEmail,
      usageAlerts: user.notifyUsageAlerts,
      securityAlerts: user.notifySecurityAlerts,
      marketing: user.notifyMarketing,
    };
  }

  /** Makes an account an administrator (ADMIN_EMAIL at start, `npm run user:promote`). */
  async promoteByEmail(email: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE users SET role = $2, updated_at = now() WHERE lower(email) = lower($1) AND deleted_at IS NULL AND role <> $2`,
      [email.trim(), Role.ADMIN],
    );
    return (result[1] ?? 0) > 0;
  }
}
