import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A message from the contact form (seed 001 §1.6: kept for support purposes). */
@ObjectType()
@Entity('contact_messages')
export class ContactMessage {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { nullable: true, description: 'The account, when the sender was signed in' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
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
