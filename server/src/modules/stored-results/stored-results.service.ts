import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { StoredResultsConfig } from '../../core/config';
import { AppError, ErrorCode, badInput, notFound } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { Keyset } from '../../graphql/pagination';
import { isUuid } from '../../graphql/pagination';
import { Plan } from '../users';
import { ResultsCipher } from './results-cipher';
import { StoredResult, StoredResultKind } from './stored-result.entity';
import { keysetPage } from '../../db/keyset-page';

export interface SaveResultInput {
  kind: 'ORIGINAL' | 'OUTPUT';
  /** The vision feature, e.g. BACKGROUND_REMOVAL. */
  feature: string;
  mime: string;
  bytes: Buffer;
  /** The consumption row the image belongs to, when there is one. */
  consumptionId?: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Seed 000 §3: originals 30 days; outputs by plan (null = kept until the user deletes them). */
export const ORIGINAL_RETENTION_DAYS = 30;
export const OUTPUT_RETENTION_DAYS: Record<Plan, number | null> = {
  [Plan.FREE]: 30,
  [Plan.STARTER]: 90,
  [Plan.PRO]: null,
};
const MAX_STORED_BYTES = 50 * 1024 * 1024;

export function retentionDays(kind: StoredResultKind, plan: Plan): number | null {
  return kind === StoredResultKind.ORIGINAL ? ORIGINAL_RETENTION_DAYS : OUTPUT_RETENTION_DAYS[plan];
}

const associatedData = (row: { id: string; userId: string; kind: string }) => `stored-result:${row.id}:${row.userId}:${row.kind}`;

/**
 * Seed 000's stored results, off by default (seed 001 promises not to store images). With
 * STORE_RESULTS=true images are kept encrypted and purged by plan; otherwise `save` does nothing.
 */
export class StoredResultsService {
  private readonly cipher: ResultsCipher | null;

  constructor(
    { enabled, encryptionKey }: StoredResultsConfig,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.cipher = enabled && encryptionKey ? new ResultsCipher(encryptionKey) : null;
  }

  get enabled(): boolean {
    return this.cipher !== null;
  }

  private get repo() {
    return this.dataSource.getRepository(StoredResult);
  }

  /** Called by the vision pipeline after a call; a no-op returning null unless STORE_RESULTS=true. */
  async save(userId: string, input: SaveResultInput): Promise<StoredResult | null> {
    if (!this.cipher) return null;
    if (input.kind !== 'ORIGINAL' && input.kind !== 'OUTPUT') throw badInput('kind', 'kind must be ORIGINAL or OUTPUT');
    if (input.bytes.length > MAX_STORED_BYTES) throw badInput('bytes', 'the image is too large to store');
    const row = { id: randomUUID(), userId, kind: input.kind as StoredResultKind };
    const sealed = this.cipher.seal(input.bytes, associatedData(row));
    const entity = this.repo.create({
      ...row,
      feature: input.feature.slice(0, 64),
      mime: input.mime.slice(0, 100),
      sizeBytes: input.bytes.length,
      consumptionId: input.consumptionId ?? null,
      ...sealed,
      createdAt: this.clock.now(),
    });
    await this.repo.insert(entity);
    return entity;
  }

  /** Newest first; metadata only. */
  list(userId: string, first: number, after?: Keyset): Promise<StoredResult[]> {
    return keysetPage(this.repo.createQueryBuilder('r').where('r.user_id = :userId', { userId }), first, after).getMany();
  }

  /** Decrypts one of the user's images; another user's id is simply NOT_FOUND. */
  async open(userId: string, id: string): Promise<{ result: StoredResult; bytes: Buffer }> {
    if (!isUuid(id)) throw notFound('Stored result');
    const result = await this.repo
      .createQueryBuilder('r')
      .addSelect(['r.iv', 'r.authTag', 'r.ciphertext'])
      .where('r.id = :id AND r.user_id = :userId', { id, userId })
      .getOne();
    if (!result) throw notFound('Stored result');
    if (!this.cipher) throw new AppError(ErrorCode.INTERNAL, 'Stored results are turned off on this server');
    try {
      return { result, bytes: this.cipher.open(result, associatedData(result)) };
    } catch (error) {
      this.logger.error({ err: error, storedResultId: id }, 'stored result failed its integrity check');
      throw new AppError(ErrorCode.INTERNAL, 'The stored result failed its integrity check and cannot be returned');
    }
  }

  async delete(userId: string, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound('Stored result');
    const result = await this.repo.delete({ id, userId });
    if (!result.affected) throw notFound('Stored result');
  }

  async deleteAllOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [, count] = await manager.query(`DELETE FROM stored_results WHERE user_id = $1`, [userId]);
    return count ?? 0;
  }

  /** When the row will be purged under the owner's current plan; null = kept until deleted. */
  expiresAt(result: Pick<StoredResult, 'kind' | 'createdAt'>, plan: Plan): Date | null {
    const days = retentionDays(result.kind, plan);
    return days === null ? null : new Date(result.createdAt.getTime() + days * DAY_MS);
  }

  /**
   * The retention job: the plan is read at purge time, so an upgrade keeps older outputs longer
   * and a downgrade shortens their life. Runs whether or not storing is enabled now.
   */
  async purgeExpired(now: Date): Promise<number> {
    const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const [, count] = await this.dataSource.query(
      `DELETE FROM stored_results r USING users u
       WHERE u.id = r.user_id AND (
         (r.kind = 'ORIGINAL' AND r.created_at < $1)
         OR (r.kind = 'OUTPUT' AND u.plan = 'FREE' AND r.created_at < $2)
         OR (r.kind = 'OUTPUT' AND u.plan = 'STARTER' AND r.created_at < $3))`,
      [cutoff(ORIGINAL_RETENTION_DAYS), cutoff(OUTPUT_RETENTION_DAYS.FREE!), cutoff(OUTPUT_RETENTION_DAYS.STARTER!)],
    );
    return count ?? 0;
  }
}
