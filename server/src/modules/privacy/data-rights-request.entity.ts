import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { IdColumn, UuidColumn } from '../../db/columns';
import { graphqlEnum, type EnumValue } from '../../graphql/enums';

export const DataRightsRequestType = graphqlEnum('DataRightsRequestType', ['EXPORT', 'DELETE', 'RESTRICT', 'OBJECT', 'RECTIFY']);
export type DataRightsRequestType = EnumValue<typeof DataRightsRequestType>;

export const DataRightsRequestStatus = graphqlEnum('DataRightsRequestStatus', ['OPEN', 'COMPLETED', 'REJECTED']);
export type DataRightsRequestStatus = EnumValue<typeof DataRightsRequestStatus>;

/** Seed 001 §8: a request to exercise a right; answered within 30 days (`dueAt`). */
@ObjectType()
@Entity('data_rights_requests')
export class DataRightsRequest {
  @IdColumn()
  id: string;

  @Field(() => ID)
  @UuidColumn('user_id')
  userId: string;

  @Field(() => DataRightsRequestType)
  @Column({ type: 'varchar', length: 20 })
  type: DataRightsRequestType;

  @Field(() => DataRightsRequestStatus)
  @Column({ type: 'varchar', length: 20 })
  status: DataRightsRequestStatus;

  @Field(() => String, { nullable: true, description: "The user's words (objections) or what changed (rectifications)" })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  details: string | null;

  @Field(() => String, { nullable: true, description: 'The answer given when it was closed' })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  resolution: string | null;

  @Column({ name: 'handled_by', type: 'uuid', nullable: true })
  handledBy: string | null;

  @Field()
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field({ description: 'The 30-day answer deadline' })
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
