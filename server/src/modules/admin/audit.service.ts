import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { Keyset } from '../../graphql/pagination';
import { AuditEntry } from './audit-entry.entity';
import { keysetPage } from '../../db/keyset-page';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  /** Only the fields the action changed; never secrets, and no names or addresses. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  ip?: string | null;
}

/** The append-only audit log of administrator actions. Pass the action's transaction manager. */
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditRecord, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const json = (value: Record<string, unknown> | null | undefined) => (value == null ? null : JSON.stringify(value));
    await manager.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, before, after, ip, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [entry.actorId, entry.action, entry.targetType, entry.targetId, json(entry.before), json(entry.after), entry.ip?.slice(0, 64) ?? null, this.clock.now()],
    );
  }

  /** Newest first. */
  list(filter: { actorId?: string | null; targetId?: string | null; action?: string | null }, first: number, after?: Keyset): Promise<AuditEntry[]> {
    const query = keysetPage(this.dataSource.getRepository(AuditEntry).createQueryBuilder('a'), first, after);
    if (filter.actorId) query.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.targetId) query.andWhere('a.target_id = :targetId', { targetId: filter.targetId });
    if (filter.action) query.andWhere('a.action = :action', { action: filter.action });
    return query.getMany();
  }
}
