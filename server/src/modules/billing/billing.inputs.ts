import { IsBoolean, IsEnum, IsInt, IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PaymentStatus } from './payment-status';

@InputType()
export class CreditPackInput {
  @Field()
  @Length(1, 100)
  name: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  credits: number;

  @Field(() => Int, { description: 'Price in cents; Stripe needs at least 50' })
  @IsInt()
  @Min(50, { message: 'priceCents must be at least 50 (Stripe minimum charge)' })
  @Max(99_999_999)
  priceCents: number;

  @Field({ defaultValue: 'usd' })
  @Matches(/^[a-zA-Z]{3}$/, { message: 'currency must be a 3-letter ISO code such as usd' })
  currency: string;

  @Field({ defaultValue: true })
  @IsBoolean()
  active: boolean;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(-1000)
  @Max(1000)
  sortOrder: number;
}

@ArgsType()
export class CheckoutArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'packId must be a credit pack id' })
  packId: string;
}

@ArgsType()
export class RefundPaymentArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'paymentId must be a payment id' })
  paymentId: string;

  @Field(() => Int, { description: 'Cents to refund; at most what is left of the payment' })
  @IsInt()
  @Min(1, { message: 'amountCents must be at least 1' })
  amountCents: number;
}

@ArgsType()
export class AdminPaymentsFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a user id' })
  userId?: string | null;

  @Field(() => PaymentStatus, { nullable: true })
  @IsOptional()
  @IsEnum(PaymentStatus)
  status?: PaymentStatus | null;
}

@ArgsType()
export class PackIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a credit pack id' })
  id: string;
}
