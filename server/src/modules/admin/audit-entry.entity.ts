import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { IdColumn, UuidColumn } from '../../db/columns';

/** One administrator action: who did what to which record, and the record before and after. */
@ObjectType()
@Entity('audit_log')
export class AuditEntry {
  @IdColumn()
  id: string;

  @Field(() => ID, { nullable: true })
  @UuidColumn('actor_id', { nullable: true })
  actorId: string | null;

  @Field({ description: 'e.g. credits.adjust, user.disable, contactMessage.handle' })
  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Field()
  @Column({ name: 'target_type', type: 'varchar', length: 50 })
  targetType: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'target_id', type: 'varchar', length: 100, nullable: true })
  targetId: string | null;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Field()
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
