import { Length, Validate } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { TrimmedEmail } from '../auth';

@InputType()
export class ContactMessageInput {
  @Field()
  @Length(1, 100)
  name: string;

  @Field()
  @Validate(TrimmedEmail)
  email: string;

  @Field()
  @Length(1, 200)
  subject: string;

  @Field()
  @Length(1, 5000)
  message: string;
}
