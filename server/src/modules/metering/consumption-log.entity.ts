import { registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ApiToken } from '../api-tokens';
import { User } from '../users';
import { Reference, UuidColumn } from '../../db/columns';
import { graphqlEnum, type EnumValue } from '../../graphql/enums';

/** Where a paid call came from. A const object (not a TS enum) so callers may pass 'API' literally. */
export const CallSource = { DASHBOARD: 'DASHBOARD', API: 'API' } as const;
export type CallSource = (typeof CallSource)[keyof typeof CallSource];
registerEnumType(CallSource, { name: 'CallSource' });

/**
 * PENDING: charged, the feature is running. SUCCEEDED: result delivered. REFUNDED: the feature
 * failed and the credits went back. FAILED: failed without a refund (kept for records written
 * that way; MeteringService itself refunds every failure).
 */
export const ConsumptionStatus = graphqlEnum('ConsumptionStatus', ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED']);
export type ConsumptionStatus = EnumValue<typeof ConsumptionStatus>;

/** Column widths of a consumption log row; MeteringService checks and cuts what it writes to them. */
export const CONSUMPTION_LOG_LENGTHS = { feature: 64, imageUrl: 2048, errorCode: 64 } as const;

/**
 * One paid feature call (seed 001 §1.3). Rows are never deleted: account deletion anonymises
 * them (user_id and image_url set to NULL) so platform aggregates survive.
 * Indexes with DESC order and partial conditions live in the migration.
 */
@Entity('consumption_logs')
@Index('consumption_logs_user_created', { synchronize: false })
@Index('consumption_logs_user_feature_created', { synchronize: false })
@Index('consumption_logs_token_created', { synchronize: false })
@Index('consumption_logs_created', { synchronize: false })
@Index('consumption_logs_user_source_created', { synchronize: false })
@Index('consumption_logs_user_status_created', { synchronize: false })
@Index('consumption_logs_pending_created', { synchronize: false })
@Check('consumption_logs_credits_non_negative', '"credits" >= 0')
export class ConsumptionLog {
  @PrimaryColumn('uuid')
  id: string;

  @UuidColumn('user_id', { nullable: true })
  userId: string | null;

  @Reference(() => User, 'user_id', 'consumption_logs_user_id_fkey', { onDelete: 'SET NULL' })
  user?: User;

  @Column({ type: 'varchar', length: CONSUMPTION_LOG_LENGTHS.feature })
  feature: string;

  @Column({ type: 'int' })
  credits: number;

  @Column({ type: 'enum', enum: Object.values(CallSource), enumName: 'call_source' })
  source: CallSource;

  @UuidColumn('api_token_id', { nullable: true })
  apiTokenId: string | null;

  @Reference(() => ApiToken, 'api_token_id', 'consumption_logs_api_token_id_fkey', { onDelete: 'SET NULL' })
  apiToken?: ApiToken;

  /** Only for URL submissions through the API, never for uploads (seed 001 §1.3, §4). */
  @Column({ name: 'image_url', type: 'varchar', length: CONSUMPTION_LOG_LENGTHS.imageUrl, nullable: true })
  imageUrl: string | null;

  @Column({ type: 'enum', enum: ConsumptionStatus, enumName: 'consumption_status', default: ConsumptionStatus.PENDING })
  status: ConsumptionStatus;

  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs: number | null;

  @Column({ name: 'error_code', type: 'varchar', length: CONSUMPTION_LOG_LENGTHS.errorCode, nullable: true })
  errorCode: string | null;

  /** Millisecond precision, so keyset cursors (ISO strings) compare exactly. */
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;
}
