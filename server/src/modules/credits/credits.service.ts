import { DataSource, EntityManager } from 'typeorm';
import { AppError, ErrorCode } from '../../core/errors';
import { LedgerEntry, LedgerReason } from './ledger-entry.entity';

export interface CreditChange {
  userId: string;
  /** Positive grants, negative takes; never zero. */
  delta: number;
  reason: LedgerReason;
  /** Outside id (payment, consumption…); the database keeps it unique per reason. */
  reference?: string | null;
  note?: string | null;
}

export interface AppliedChange {
  entryId: string;
  delta: number;
  balanceAfter: number;
}

export const insufficientCredits = () =>
  new AppError(ErrorCode.INSUFFICIENT_CREDITS, 'Not enough credits for this call; buy a credit pack');

/**
 * The only writer of `users.credits`. Each change is one statement: the balance update and its
 * ledger row commit together (and inside the caller's transaction when one is passed).
 */
export class CreditsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Applies `delta` in full or throws INSUFFICIENT_CREDITS; nothing is written then. */
  async apply(change: CreditChange, manager: EntityManager = this.dataSource.manager): Promise<AppliedChange> {
    if (!Number.isInteger(change.delta) || change.delta === 0) {
      throw new Error(`credit delta must be a non-zero integer, got ${change.delta}`);
    }
    const rows: Array<{ id: string; balance_after: number }> = await manager.query(
      `WITH updated AS (
         UPDATE users SET credits = credits + $2, updated_at = now()
         WHERE id = $1 AND credits + $2 >= 0
         RETURNING credits)
       INSERT INTO credit_ledger (user_id, delta, reason, reference, note, balance_after)
       SELECT $1, $2, $3, $4, $5, credits FROM updated
       RETURNING id, balance_after`,
      [change.userId, change.delta, change.reason, change.reference ?? null, change.note ?? null],
    );
    if (rows.length === 0) throw insufficientCredits();
    return { entryId: rows[0].id, delta: change.delta, balanceAfter: rows[0].balance_after };
  }

  /**
   * Takes up to `-delta` credits, stopping at a zero balance (refunds and chargebacks of credits
   * already spent). Returns what was actually taken; no ledger row when nothing could be taken.
   */
  async takeUpTo(change: CreditChange, manager: EntityManager): Promise<AppliedChange> {
    if (change.delta >= 0) throw new Error('takeUpTo needs a negative delta');
    const [row]: Array<{ credits: number }> = await manager.query(
      'SELECT credits FROM users WHERE id = $1 FOR UPDATE',
      [change.userId],
    );
    if (!row) throw new Error(`user ${change.userId} not found`);
    const delta = Math.max(change.delta, -row.credits);
    if (delta === 0) return { entryId: '', delta: 0, balanceAfter: row.credits };
    return this.apply({ ...change, delta }, manager);
  }

  async balance(userId: string): Promise<number> {
    const [row] = await this.dataSource.query('SELECT credits FROM users WHERE id = $1', [userId]);
    return row?.credits ?? 0;
  }

  /**
   * Newest first in the order the changes applied (`seq`, not `created_at`: that is when the
   * transaction started), keyset pagination on seq.
   */
  async history(userId: string, first: number, beforeSeq?: string): Promise<LedgerEntry[]> {
    const query = this.dataSource
      .getRepository(LedgerEntry)
      .createQueryBuilder('e')
      .where('e.user_id = :userId', { userId })
      .orderBy('e.seq', 'DESC')
      .take(first);
    if (beforeSeq) query.andWhere('e.seq < :beforeSeq', { beforeSeq });
    return query.getMany();
  }
}
