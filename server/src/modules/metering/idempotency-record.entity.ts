import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { User } from '../users';
import { ConsumptionLog } from './consumption-log.entity';
import { Reference, UuidColumn } from '../../db/columns';

/** Column widths of a key record; MeteringService checks a call's key and fingerprint against them. */
export const IDEMPOTENCY_KEY_LENGTHS = { key: 255, fingerprint: 128 } as const;

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

  @Reference(() => User, 'user_id', 'idempotency_keys_user_id_fkey', { onDelete: 'CASCADE' })
  user?: User;

  @PrimaryColumn({ type: 'varchar', length: IDEMPOTENCY_KEY_LENGTHS.key })
  key: string;

  /** Hash of the call's parameters: the same key with other parameters is a client bug (CONFLICT). */
  @Column({ type: 'varchar', length: IDEMPOTENCY_KEY_LENGTHS.fingerprint })
  fingerprint: string;

  @UuidColumn('consumption_id')
  consumptionId: string;

  // Deferred: the key is claimed first (it serialises concurrent retries), the log row follows.
  @Reference(() => ConsumptionLog, 'consumption_id', 'idempotency_keys_consumption_id_fkey', { onDelete: 'CASCADE', deferrable: 'INITIALLY DEFERRED' })
  consumption?: ConsumptionLog;

  @Column({ type: 'jsonb', nullable: true })
  result: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
