import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { IdColumn, UuidColumn } from '../../db/columns';

/** A message from the contact form (seed 001 §1.6: kept for support purposes). */
@ObjectType()
@Entity('contact_messages')
export class ContactMessage {
  @IdColumn()
  id: string;

  @Field(() => ID, { nullable: true, description: 'The account, when the sender was signed in' })
  @UuidColumn('user_id', { nullable: true })
  userId: string | null;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field()
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Field()
  @Column({ type: 'text' })
  message: string;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'handled_at', type: 'timestamptz', nullable: true })
  handledAt: Date | null;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'handled_by', type: 'uuid', nullable: true })
  handledBy: string | null;

  @Field()
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
