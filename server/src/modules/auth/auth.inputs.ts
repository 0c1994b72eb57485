import {
  Equals,
  MaxLength,
  MinLength,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
  isEmail,
} from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { UpdateProfileInput } from '../users';

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

/** A password being set: the same length rule at registration and on a change. */
function NewPassword(): PropertyDecorator {
  return (target, property) => {
    MinLength(PASSWORD_MIN, { message: `$property must be at least ${PASSWORD_MIN} characters` })(target, property);
    MaxLength(PASSWORD_MAX, { message: `$property must be at most ${PASSWORD_MAX} characters` })(target, property);
  };
}

/** A profile (names, company: validated as on the settings page) with credentials and consents. */
@InputType()
export class RegisterInput extends UpdateProfileInput {
  @Field()
  @Validate(TrimmedEmail)
  email: string;

  @Field()
  @NewPassword()
  password: string;

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
  @NewPassword()
  newPassword: string;
}

