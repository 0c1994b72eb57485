import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UuidColumn } from '../../db/columns';

export enum StripeEventOutcome {
  APPLIED = 'APPLIED',
  /** Not ours or nothing to do (unknown type, unknown session, same status again). */
  IGNORED = 'IGNORED',
  /** The state machine refused the transition; logged. */
  REFUSED = 'REFUSED',
}

/**
 * Each Stripe event id once: the row is inserted in the same transaction as the event's effect,
 * so a redelivery finds it and changes nothing. The payload is not kept (it may hold names and
 * e-mail addresses of buyers).
 */
@Entity('stripe_events')
export class StripeEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'varchar', length: 255 })
  eventId: string;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  @UuidColumn('payment_id', { nullable: true })
  paymentId: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: StripeEventOutcome;

  @Column({ type: 'varchar', length: 500, nullable: true })
  detail: string | null;

  @Column({ default: false })
  livemode: boolean;

  /** When Stripe created the event. */
  @Column({ name: 'event_created_at', type: 'timestamptz', nullable: true })
  eventCreatedAt: Date | null;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt: Date;
}
