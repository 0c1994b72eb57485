import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../../core/context';
import { Check, Column, Entity, Index, UpdateDateColumn } from 'typeorm';
import { CreatedAtColumn, IdColumn } from '../../db/columns';
import { graphqlEnum, type EnumValue } from '../../graphql/enums';

export { Role };
registerEnumType(Role, { name: 'Role' });

export const Plan = graphqlEnum('Plan', ['FREE', 'STARTER', 'PRO'], 'Decides how long stored results are kept');
export type Plan = EnumValue<typeof Plan>;

@ObjectType()
export class NotificationPreferences {
  @Field({ description: 'Service e-mail in general' })
  email: boolean;
  @Field()
  usageAlerts: boolean;
  @Field()
  securityAlerts: boolean;
  @Field({ description: 'Off until the user opts in' })
  marketing: boolean;
}

/** The account. Secrets (password hash) have no GraphQL field. */
@ObjectType()
@Entity('users')
@Check('users_credits_non_negative', '"credits" >= 0')
// Unique on lower(email): a functional index TypeORM cannot express, kept by the migration.
@Index('users_email_lower_unique', { synchronize: false })
export class User {
  @IdColumn()
  id: string;

  @Field()
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Field()
  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName: string;

  @Field()
  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  company: string | null;

  @Column({ name: 'password_hash', type: 'varchar', length: 100, nullable: true })
  passwordHash: string | null;

  @Field(() => Role)
  @Column({ type: 'enum', enum: Role, enumName: 'user_role', default: Role.USER })
  role: Role;

  @Field(() => Plan)
  @Column({ type: 'enum', enum: Plan, enumName: 'user_plan', default: Plan.FREE })
  plan: Plan;

  @Field(() => Int, { description: 'Credit balance; changed only together with a ledger row' })
  @Column({ type: 'int', default: 0 })
  credits: number;

  /** Bumped to end every session issued before (password change, disable, deletion). */
  @Column({ name: 'token_version', type: 'int', default: 0 })
  tokenVersion: number;

  @Column({ name: 'notify_email', default: true })
  notifyEmail: boolean;

  @Column({ name: 'notify_usage_alerts', default: true })
  notifyUsageAlerts: boolean;

  @Column({ name: 'notify_security_alerts', default: true })
  notifySecurityAlerts: boolean;

  @Column({ name: 'notify_marketing', default: false })
  notifyMarketing: boolean;

  @Field({ description: 'When true no image is processed and only essential mail is sent' })
  @Column({ name: 'processing_restricted', default: false })
  processingRestricted: boolean;

  @Field()
  @Column({ default: false })
  disabled: boolean;

  @Column({ name: 'terms_accepted_at', type: 'timestamptz', nullable: true })
  termsAcceptedAt: Date | null;

  @Column({ name: 'age_confirmed_at', type: 'timestamptz', nullable: true })
  ageConfirmedAt: Date | null;

  @Column({ name: 'signup_ip', type: 'varchar', length: 64, nullable: true })
  signupIp: string | null;

  @Column({ name: 'stripe_customer_id', type: 'varchar', length: 255, nullable: true })
  stripeCustomerId: string | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
