import type { EntityManager } from 'typeorm';
import { badInput, notFound } from '../../core/errors';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { RateLimitService } from '../rate-limits';
import type { Keyset } from '../../graphql/pagination';
import { ContactMessage } from './contact-message.entity';
import { ContactMessageInput } from './contact.inputs';
import { keysetPage } from '../../db/keyset-page';

/** The public contact form: validated, rate limited per IP, stored for support. */
export class ContactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly rateLimits: Pick<RateLimitService, 'consume'>,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(ContactMessage);
  }

  async submit(input: ContactMessageInput, ip: string, userId: string | null): Promise<ContactMessage> {
    const fields = {
      name: input.name.trim(),
      email: input.email.trim(),
      subject: input.subject.trim(),
      message: input.message.trim(),
    };
    for (const [field, value] of Object.entries(fields)) {
      if (!value) throw badInput(field, `${field} must not be blank`);
    }
    // Shared with every server process when REDIS_URL is set.
    await this.rateLimits.consume(['contactPerIp', ip]);
    return this.repo.save(this.repo.create({ ...fields, userId, createdAt: this.clock.now() }));
  }

  /** Newest first; `open` narrows to unhandled ones. */
  list(first: number, after: Keyset | undefined, onlyOpen: boolean): Promise<ContactMessage[]> {
    const query = keysetPage(this.repo.createQueryBuilder('m'), first, after);
    if (onlyOpen) query.andWhere('m.handled_at IS NULL');
    return query.getMany();
  }

  /** Messages the account sent, or sent from its address while signed out (export, erasure). */
  ofUser(userId: string, email: string): Promise<ContactMessage[]> {
    return this.repo
      .createQueryBuilder('m')
      .where('m.user_id = :userId', { userId })
      .orWhere('lower(m.email) = lower(:email)', { email })
      .orderBy('m.created_at', 'ASC')
      .getMany();
  }

  /** Sets or clears "handled"; the admin service writes the audit record around it. */
  async setHandled(
    id: string,
    handled: boolean,
    adminId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ before: ContactMessage; after: ContactMessage }> {
    const repo = manager.getRepository(ContactMessage);
    const before = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!before) throw notFound('Contact message');
    const after = await repo.save({
      ...before,
      handledAt: handled ? (before.handledAt ?? this.clock.now()) : null,
      handledBy: handled ? (before.handledBy ?? adminId) : null,
    });
    return { before, after };
  }
}
