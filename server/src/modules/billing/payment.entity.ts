import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, UpdateDateColumn } from 'typeorm';
import { CreditPack } from './credit-pack.entity';
import { PaymentStatus } from './payment-status';
import { CreatedAtColumn, IdColumn, Reference, UuidColumn } from '../../db/columns';

/**
 * One purchase of a credit pack through a Checkout Session. Kept 7 years (seed 001 §6): when
 * the account is deleted `userId` becomes null and the amounts stay for the books.
 * Never holds card numbers; only the brand and last 4 digits Stripe reports (seed 001 §5).
 */
@ObjectType()
@Entity('payments')
export class Payment {
  @IdColumn()
  id: string;

  @UuidColumn('user_id', { nullable: true })
  userId: string | null;

  @Field(() => PaymentStatus)
  @Column({ type: 'enum', enum: PaymentStatus, enumName: 'payment_status', default: PaymentStatus.PENDING })
  status: PaymentStatus;

  @Field(() => Int, { description: 'Charged amount in cents' })
  @Column({ name: 'amount_cents', type: 'int' })
  amountCents: number;

  @Field()
  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Field(() => Int, { description: 'Credits granted on success' })
  @Column({ type: 'int' })
  credits: number;

  @UuidColumn('pack_id', { nullable: true })
  packId: string | null;

  @Field(() => CreditPack, { nullable: true })
  @Reference(() => CreditPack, 'pack_id', 'payments_pack_id_fkey', { nullable: true })
  pack?: CreditPack | null;

  @Field({ description: 'The pack name when it was bought' })
  @Column({ name: 'pack_name', type: 'varchar', length: 100 })
  packName: string;

  @Column({ name: 'checkout_session_id', type: 'varchar', length: 255 })
  checkoutSessionId: string;

  @Column({ name: 'payment_intent_id', type: 'varchar', length: 255, nullable: true })
  paymentIntentId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'card_brand', type: 'varchar', length: 32, nullable: true })
  cardBrand: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'card_last4', type: 'varchar', length: 4, nullable: true })
  cardLast4: string | null;

  @Field(() => Int, { description: 'Cents refunded so far (cumulative)' })
  @Column({ name: 'refunded_cents', type: 'int', default: 0 })
  refundedCents: number;

  @Field(() => Int, { description: 'Cents under dispute (chargeback)' })
  @Column({ name: 'disputed_cents', type: 'int', default: 0 })
  disputedCents: number;

  /** Credits the refunds and disputes so far answer for (taken back plus shortfall). */
  @Field(() => Int)
  @Column({ name: 'credits_reversed', type: 'int', default: 0 })
  creditsReversed: number;

  @Field(() => Int, { description: 'Credits that should have been taken back but had already been spent' })
  @Column({ name: 'shortfall_credits', type: 'int', default: 0 })
  shortfallCredits: number;

  @Field(() => String, { nullable: true })
  @Column({ name: 'failure_reason', type: 'varchar', length: 500, nullable: true })
  failureReason: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'succeeded_at', type: 'timestamptz', nullable: true })
  succeededAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
