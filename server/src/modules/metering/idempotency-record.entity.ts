import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users';
import { ConsumptionLog } from './consumption-log.entity';
import { UuidColumn } from '../../db/columns';

/**
 * A client-supplied idempotency key of one user, valid for 24 hours: it points at the charge it
 * made and keeps that call's result for replay. Results are kept only when the client sent a key,
 * and purged with the key after 24 hours.
 */
@Entity('idempotency_keys')
@Index('idempotency_keys_consumption_unique', ['consumptionId'], { unique: true })
@Index('idempotency_keys_created', ['createdAt'])
export class IdempotencyRecord {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'idempotency_keys_user_id_fkey' })
  user?: User;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  /** Hash of the call's parameters: the same key with other parameters is a client bug (CONFLICT). */
  @Column({ type: 'varchar', length: 128 })
  fingerprint: string;

  @UuidColumn('consumption_id')
  consumptionId: string;

  // Deferred: the key is claimed first (it serialises concurrent retries), the log row follows.
  @ManyToOne(() => ConsumptionLog, { onDelete: 'CASCADE', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'consumption_id', foreignKeyConstraintName: 'idempotency_keys_consumption_id_fkey' })
  consumption?: ConsumptionLog;

  @Column({ type: 'jsonb', nullable: true })
  result: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
