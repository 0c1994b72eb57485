import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, UpdateDateColumn } from 'typeorm';
import { CreatedAtColumn, IdColumn } from '../../db/columns';

/** What a user can buy: a number of credits for a price. Admins edit these; payments keep a snapshot. */
@ObjectType()
@Entity('credit_packs')
export class CreditPack {
  @IdColumn()
  id: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  credits: number;

  @Field(() => Int, { description: 'Price in the smallest unit of the currency (cents)' })
  @Column({ name: 'price_cents', type: 'int' })
  priceCents: number;

  @Field({ description: 'ISO 4217, lower case (usd)' })
  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Field({ description: 'Inactive packs are hidden from buyers but stay on past payments' })
  @Column({ default: true })
  active: boolean;

  @Field(() => Int)
  @Column({ name: 'sort_order', type: 'int', default: 0 })
  sortOrder: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
