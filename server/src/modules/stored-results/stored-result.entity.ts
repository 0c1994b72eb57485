import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UuidColumn } from '../../db/columns';
import { graphqlEnum, type EnumValue } from '../../graphql/enums';

/** ORIGINAL: the image the user submitted (seed 000 §3: kept 30 days); OUTPUT: a generated or processed image (kept per plan). */
export const StoredResultKind = graphqlEnum('StoredResultKind', ['ORIGINAL', 'OUTPUT']);
export type StoredResultKind = EnumValue<typeof StoredResultKind>;

/** An image kept encrypted at rest when STORE_RESULTS=true. The bytes have no GraphQL field. */
@ObjectType()
@Entity('stored_results')
export class StoredResult {
  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @UuidColumn('user_id')
  userId: string;

  @Field(() => StoredResultKind)
  @Column({ type: 'varchar', length: 10 })
  kind: StoredResultKind;

  @Field({ description: 'The vision feature that produced or received it' })
  @Column({ type: 'varchar', length: 64 })
  feature: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  mime: string;

  @Field(() => Int)
  @Column({ name: 'size_bytes', type: 'int' })
  sizeBytes: number;

  @Field(() => ID, { nullable: true })
  @UuidColumn('consumption_id', { nullable: true })
  consumptionId: string | null;

  @Column({ type: 'bytea', select: false })
  iv: Buffer;

  @Column({ name: 'auth_tag', type: 'bytea', select: false })
  authTag: Buffer;

  @Column({ type: 'bytea', select: false })
  ciphertext: Buffer;

  @Field()
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
