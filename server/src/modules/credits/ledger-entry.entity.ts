import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Generated, Index } from 'typeorm';
import { User } from '../users';
import { CreatedAtColumn, IdColumn, Reference, UuidColumn } from '../../db/columns';
import { graphqlEnum, type EnumValue } from '../../graphql/enums';

export const LedgerReason = graphqlEnum('LedgerReason', ['SIGNUP_BONUS', 'PURCHASE', 'CONSUMPTION', 'REFUND', 'CHARGEBACK', 'ADMIN_ADJUSTMENT']);
export type LedgerReason = EnumValue<typeof LedgerReason>;

/** One change of a user's credit balance. The balance is the running sum of these rows. */
@ObjectType()
@Entity('credit_ledger')
@Index('credit_ledger_user_seq', ['userId', 'seq'], { unique: true })
// Partial unique index (reason, reference) WHERE reference IS NOT NULL, kept by the migration.
@Index('credit_ledger_reason_reference_unique', { synchronize: false })
@Check('credit_ledger_delta_non_zero', '"delta" <> 0')
@Check('credit_ledger_balance_after_check', '"balance_after" >= 0')
export class LedgerEntry {
  @IdColumn()
  id: string;

  @UuidColumn('user_id')
  userId: string;

  @Reference(() => User, 'user_id', 'credit_ledger_user_id_fkey', { onDelete: 'NO ACTION' })
  user?: User;

  @Field(() => Int)
  @Column({ type: 'int' })
  delta: number;

  @Field(() => LedgerReason)
  @Column({ type: 'enum', enum: LedgerReason, enumName: 'ledger_reason' })
  reason: LedgerReason;

  /** The outside id this row answers to (a payment, a consumption); unique per reason. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  reference: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Field(() => Int)
  @Column({ name: 'balance_after', type: 'int' })
  balanceAfter: number;

  /** When the writing transaction started: concurrent rows may commit in another order. */
  @CreatedAtColumn({ precision: 3 })
  createdAt: Date;

  /**
   * The ledger's order: drawn at insert, after the balance update locked the user's row, so per
   * user it rises in the order the changes applied. A bigint, hence a string.
   */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;
}
