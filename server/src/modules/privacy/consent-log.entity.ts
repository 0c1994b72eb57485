import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { IdColumn, UuidColumn } from '../../db/columns';

export enum ConsentSubject {
  TERMS_OF_SERVICE = 'TERMS_OF_SERVICE',
  AGE_CONFIRMATION = 'AGE_CONFIRMATION',
  EMAIL = 'EMAIL',
  USAGE_ALERTS = 'USAGE_ALERTS',
  SECURITY_ALERTS = 'SECURITY_ALERTS',
  MARKETING = 'MARKETING',
  /** enabled = processing is restricted (seed 001 §8 right to restrict processing). */
  PROCESSING_RESTRICTED = 'PROCESSING_RESTRICTED',
}
registerEnumType(ConsentSubject, { name: 'ConsentSubject' });

export enum ConsentSource {
  SIGNUP = 'SIGNUP',
  SETTINGS = 'SETTINGS',
}
registerEnumType(ConsentSource, { name: 'ConsentSource' });

/** One change of a consent or preference, with its time. */
@ObjectType()
@Entity('consent_log')
export class ConsentLogEntry {
  @IdColumn()
  id: string;

  @UuidColumn('user_id')
  userId: string;

  @Field(() => ConsentSubject)
  @Column({ type: 'varchar', length: 40 })
  subject: ConsentSubject;

  @Field({ description: 'The state after this change' })
  @Column()
  enabled: boolean;

  @Field(() => ConsentSource)
  @Column({ type: 'varchar', length: 20 })
  source: ConsentSource;

  @Field()
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
