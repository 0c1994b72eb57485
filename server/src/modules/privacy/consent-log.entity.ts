import { Field, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { IdColumn, UuidColumn } from '../../db/columns';
import { graphqlEnum, type EnumValue } from '../../graphql/enums';

/** PROCESSING_RESTRICTED: enabled = processing is restricted (seed 001 §8 right to restrict processing). */
export const ConsentSubject = graphqlEnum('ConsentSubject', ['TERMS_OF_SERVICE', 'AGE_CONFIRMATION', 'EMAIL', 'USAGE_ALERTS', 'SECURITY_ALERTS', 'MARKETING', 'PROCESSING_RESTRICTED']);
export type ConsentSubject = EnumValue<typeof ConsentSubject>;

export const ConsentSource = graphqlEnum('ConsentSource', ['SIGNUP', 'SETTINGS']);
export type ConsentSource = EnumValue<typeof ConsentSource>;

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
