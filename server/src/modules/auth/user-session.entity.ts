import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { User } from '../users';
import { IdColumn, Reference, UuidColumn } from '../../db/columns';

/**
 * One sign-in (a browser holding a session cookie). The cookie carries the id; the row says
 * whether it still counts. IP and browser are what the account owner needs to recognise a
 * device; the raw user agent is not kept. Rows are deleted 90 days after sign-in (retention).
 */
@ObjectType('Session', { description: 'A signed-in browser' })
@Entity('user_sessions')
@Index('user_sessions_user_created', ['userId', 'createdAt'])
@Index('user_sessions_created', ['createdAt'])
export class UserSession {
  @IdColumn()
  id: string;

  @UuidColumn('user_id')
  userId: string;

  @Reference(() => User, 'user_id', 'user_sessions_user_id_fkey', { onDelete: 'CASCADE' })
  user?: User;

  @Field({ description: 'When this browser signed in' })
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Field({ description: 'Last request seen from it (updated at most once a minute)' })
  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  @Field()
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The address it signed in from' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Field(() => String, { nullable: true, description: 'Browser and system, e.g. "Firefox on Windows"' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  browser: string | null;
}
