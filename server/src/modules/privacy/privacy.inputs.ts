import { IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { PASSWORD_MAX } from '../auth';
import { DataRightsRequestStatus } from './data-rights-request.entity';

@InputType()
export class DeleteAccountInput {
  @Field({ description: 'The current password confirms the erasure' })
  @MaxLength(PASSWORD_MAX)
  password: string;
}

@InputType()
export class ObjectionInput {
  @Field({ description: 'Which processing you object to, and why' })
  @Length(10, 2000)
  message: string;
}

@InputType()
export class ResolveDataRightsRequestInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => DataRightsRequestStatus, { description: 'COMPLETED or REJECTED' })
  status: DataRightsRequestStatus;

  @Field({ description: 'The answer, kept with the request' })
  @Length(3, 2000)
  resolution: string;
}
