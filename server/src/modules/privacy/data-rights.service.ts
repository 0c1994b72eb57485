import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../core/clock';
import { badInput, conflict, notFound } from '../../core/errors';
import type { Keyset } from '../../graphql/pagination';
import { DataRightsRequest, DataRightsRequestStatus, DataRightsRequestType } from './data-rights-request.entity';
import { keysetPage } from '../../db/keyset-page';

/** Seed 001 §8: "We will respond within 30 days". */
export const RESPONSE_DEADLINE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Requests to exercise a data right. Those the product fulfils itself (export, erasure,
 * restriction, rectification) are recorded COMPLETED at once; objections stay OPEN for an admin.
 */
export class DataRightsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(DataRightsRequest);
  }

  async record(
    userId: string,
    type: DataRightsRequestType,
    options: { status?: DataRightsRequestStatus; details?: string | null } = {},
    manager?: EntityManager,
  ): Promise<DataRightsRequest> {
    const now = this.clock.now();
    const status = options.status ?? DataRightsRequestStatus.COMPLETED;
    const repo = this.repo(manager);
    return repo.save(
      repo.create({
        userId,
        type,
        status,
        details: options.details ?? null,
        resolution: null,
        handledBy: null,
        createdAt: now,
        dueAt: new Date(now.getTime() + RESPONSE_DEADLINE_DAYS * DAY_MS),
        completedAt: status === DataRightsRequestStatus.OPEN ? null : now,
      }),
    );
  }

  fileObjection(userId: string, message: string): Promise<DataRightsRequest> {
    const details = message.trim();
    if (details.length < 10) throw badInput('message', 'message must be at least 10 characters');
    return this.record(userId, DataRightsRequestType.OBJECT, { status: DataRightsRequestStatus.OPEN, details });
  }

  /** The user's own requests, newest first. */
  listMine(userId: string, first: number, after?: Keyset): Promise<DataRightsRequest[]> {
    return keysetPage(this.repo().createQueryBuilder('r').where('r.user_id = :userId', { userId }), first, after).getMany();
  }

  all(userId: string): Promise<DataRightsRequest[]> {
    return this.repo().find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Admin view: OPEN ones oldest first (nearest deadline first); other statuses newest first. */
  list(status: DataRightsRequestStatus | null, first: number, after?: Keyset): Promise<DataRightsRequest[]> {
    const query = keysetPage(this.repo().createQueryBuilder('r'), first, after, { oldestFirst: status === DataRightsRequestStatus.OPEN });
    if (status) query.andWhere('r.status = :status', { status });
    return query.getMany();
  }

  isOverdue(request: DataRightsRequest): boolean {
    return request.status === DataRightsRequestStatus.OPEN && request.dueAt.getTime() < this.clock.now().getTime();
  }

  /** Closes an open request; the admin service audits it. */
  async resolve(
    adminId: string,
    input: { id: string; status: DataRightsRequestStatus; resolution: string },
    manager?: EntityManager,
  ): Promise<{ before: DataRightsRequest; after: DataRightsRequest }> {
    if (input.status === DataRightsRequestStatus.OPEN) throw badInput('status', 'status must be COMPLETED or REJECTED');
    const before = await this.repo(manager).findOne({ where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
    if (!before) throw notFound('Data rights request');
    if (before.status !== DataRightsRequestStatus.OPEN) throw conflict('This request is already closed');
    const after = await this.repo(manager).save({
      ...before,
      status: input.status,
      resolution: input.resolution.trim(),
      handledBy: adminId,
      completedAt: this.clock.now(),
    });
    return { before, after };
  }

  /**
   * Erasure: free text the user wrote may hold personal data, so it goes; the record of each
   * request stays, and open ones are closed (there is no one left to answer).
   */
  async closeForErasure(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE data_rights_requests
       SET details = NULL,
           status = CASE WHEN status = 'OPEN' THEN 'COMPLETED' ELSE status END,
           resolution = CASE WHEN status = 'OPEN' THEN 'Closed: the account was deleted' ELSE resolution END,
           completed_at = COALESCE(completed_at, $2)
       WHERE user_id = $1`,
      [userId, this.clock.now()],
    );
  }
}
