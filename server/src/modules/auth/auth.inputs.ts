import {
  Equals,
  IsUUID,
  Length,
  MaxLength,
  MinLength,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
  isEmail,
} from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Emails are trimmed before use, so they are validated trimmed. */
@ValidatorConstraint({ name: 'trimmedEmail' })
export class TrimmedEmail implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value.trim().length <= 320 && isEmail(value.trim());
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a valid e-mail address`;
  }
}

@InputType()
export class RegisterInput {
  @Field()
  @Length(1, 100)
  firstName: string;

  @Field()
  @Length(1, 100)
  lastName: string;

  @Field()
  @Validate(TrimmedEmail)
  email: string;

  @Field()
  @MinLength(PASSWORD_MIN, { message: `password must be at least ${PASSWORD_MIN} characters` })
  @MaxLength(PASSWORD_MAX, { message: `password must be at most ${PASSWORD_MAX} characters` })
  password: string;

  @Field(() => String, { nullable: true })
  @MaxLength(200)
  company?: string | null;

  @Field({ description: 'The terms of service must be accepted' })
  @Equals(true, { message: 'acceptTerms must be true' })
  acceptTerms: boolean;

  @Field({ description: 'The service is for people aged 16 or over (seed 001 §9)' })
  @Equals(true, { message: 'confirmAge16 must be true' })
  confirmAge16: boolean;
}

@InputType()
export class LoginInput {
  @Field()
  @Validate(TrimmedEmail)
  email: string;

  @Field()
  @MaxLength(PASSWORD_MAX)
  password: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @MaxLength(PASSWORD_MAX)
  currentPassword: string;

  @Field()
  @MinLength(PASSWORD_MIN, { message: `newPassword must be at least ${PASSWORD_MIN} characters` })
  @MaxLength(PASSWORD_MAX, { message: `newPassword must be at most ${PASSWORD_MAX} characters` })
  newPassword: string;
}


@ArgsType()
export class SessionIdArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}
