import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The credit price of one feature; admins change it, the migration seeds it. */
@Entity('feature_prices')
export class FeaturePrice {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  feature: string;

  @Column({ type: 'int' })
  credits: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** The administrator who set the current price; null for the seeded price. */
  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;
}
