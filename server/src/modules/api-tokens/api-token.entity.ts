import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index } from 'typeorm';
import { User } from '../users';
import { CreatedAtColumn, IdColumn, Reference, UuidColumn } from '../../db/columns';

/**
 * A credential for third-party calls (seed 001 §1.4). The secret itself is never stored:
 * only its SHA-256 hash (looked up on every API call) and a short visible prefix.
 * `active` and `spentThisMonth` depend on the clock and are field resolvers.
 */
@ObjectType()
@Entity('api_tokens')
@Index('api_tokens_token_hash_unique', ['tokenHash'], { unique: true })
@Index('api_tokens_user_created', ['userId', 'createdAt'])
// Partial (revoked_at IS NULL), kept by the migration: the usable tokens of a user.
@Index('api_tokens_user_not_revoked', { synchronize: false })
@Check('api_tokens_spend_limit_positive', '"spend_limit" > 0')
@Check('api_tokens_spent_in_month_non_negative', '"spent_in_month" >= 0')
export class ApiToken {
  @IdColumn()
  id: string;

  @UuidColumn('user_id')
  userId: string;

  @Reference(() => User, 'user_id', 'api_tokens_user_id_fkey', { onDelete: 'CASCADE' })
  user?: User;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Field({ description: 'The first characters of the secret, e.g. vg_3fT9aQ1x; the rest is never shown again' })
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Field(() => Int, { nullable: true, description: 'Most credits this token may spend per calendar month (UTC); null = no cap' })
  @Column({ name: 'spend_limit', type: 'int', nullable: true })
  spendLimit: number | null;

  /** Credits spent in `spendMonth`; a charge in a later month starts the count again. */
  @Column({ name: 'spent_in_month', type: 'int', default: 0 })
  spentInMonth: number;

  /** First day (UTC) of the month `spentInMonth` counts, as YYYY-MM-DD. */
  @Column({ name: 'spend_month', type: 'date', nullable: true })
  spendMonth: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute' })
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}

@ObjectType({ description: 'A new secret: shown in this response only, never again' })
export class CreatedApiToken {
  @Field()
  secret: string;

  @Field(() => ApiToken)
  token: ApiToken;
}
