import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { NotificationPreferenceFlags } from '../../core/events';
import type { Keyset } from '../../graphql/pagination';
import { ConsentLogEntry, ConsentSource, ConsentSubject } from './consent-log.entity';
import { keysetPage } from '../../db/keyset-page';

export interface ConsentChange {
  subject: ConsentSubject;
  enabled: boolean;
  /** Defaults to the clock's now. */
  at?: Date;
}

const PREFERENCE_SUBJECTS: Record<keyof NotificationPreferenceFlags, ConsentSubject> = {
  email: ConsentSubject.EMAIL,
  usageAlerts: ConsentSubject.USAGE_ALERTS,
  securityAlerts: ConsentSubject.SECURITY_ALERTS,
  marketing: ConsentSubject.MARKETING,
};

/** The consent log: every consent and preference change with its time (seed 001 §8). */
export class ConsentLogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(userId: string, changes: ConsentChange[], source: ConsentSource, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (changes.length === 0) return;
    const now = this.clock.now();
    const repo = manager.getRepository(ConsentLogEntry);
    await repo.insert(changes.map((change) => repo.create({ userId, subject: change.subject, enabled: change.enabled, source, createdAt: change.at ?? now })));
  }

  /** The consents given at registration and the preferences the account started with. */
  async recordSignup(userId: string): Promise<void> {
    const [user] = await this.dataSource.query(
      `SELECT terms_accepted_at, age_confirmed_at, notify_email, notify_usage_alerts, notify_security_alerts, notify_marketing
       FROM users WHERE id = $1`,
      [userId],
    );
    if (!user) return;
    const changes: ConsentChange[] = [
      { subject: ConsentSubject.EMAIL, enabled: user.notify_email },
      { subject: ConsentSubject.USAGE_ALERTS, enabled: user.notify_usage_alerts },
      { subject: ConsentSubject.SECURITY_ALERTS, enabled: user.notify_security_alerts },
      { subject: ConsentSubject.MARKETING, enabled: user.notify_marketing },
    ];
    if (user.terms_accepted_at) changes.unshift({ subject: ConsentSubject.TERMS_OF_SERVICE, enabled: true, at: user.terms_accepted_at });
    if (user.age_confirmed_at) changes.unshift({ subject: ConsentSubject.AGE_CONFIRMATION, enabled: true, at: user.age_confirmed_at });
    await this.record(userId, changes, ConsentSource.SIGNUP);
  }

  /** Only the flags that changed are logged. */
  async recordPreferenceChange(userId: string, before: NotificationPreferenceFlags, after: NotificationPreferenceFlags): Promise<void> {
    const changes = (Object.keys(PREFERENCE_SUBJECTS) as Array<keyof NotificationPreferenceFlags>)
      .filter((key) => before[key] !== after[key])
      .map((key) => ({ subject: PREFERENCE_SUBJECTS[key], enabled: after[key] }));
    await this.record(userId, changes, ConsentSource.SETTINGS);
  }

  /** Newest first. */
  list(userId: string, first: number, after?: Keyset): Promise<ConsentLogEntry[]> {
    const query = this.dataSource.getRepository(ConsentLogEntry).createQueryBuilder('c').where('c.user_id = :userId', { userId });
    return keysetPage(query, first, after).getMany();
  }

  /** Oldest first, for the export. */
  all(userId: string): Promise<ConsentLogEntry[]> {
    return this.dataSource.getRepository(ConsentLogEntry).find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
