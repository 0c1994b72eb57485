import { Length, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType()
export class UpdateProfileInput {
  @Field()
  @Length(1, 100)
  firstName: string;

  @Field()
  @Length(1, 100)
  lastName: string;

  @Field(() => String, { nullable: true })
  @MaxLength(200)
  company?: string | null;
}

@InputType()
export class NotificationPreferencesInput {
  @Field()
  email: boolean;

  @Field()
  usageAlerts: boolean;

  @Field()
  securityAlerts: boolean;

  @Field({ description: 'Marketing mail is sent only after this opt-in' })
  marketing: boolean;
}
