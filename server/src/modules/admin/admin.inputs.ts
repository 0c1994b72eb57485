import { IsOptional, IsUUID, MaxLength } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { PageArgs } from '../../graphql/pagination';
import { DataRightsRequestStatus } from '../privacy';

@ArgsType()
export class UserSearchArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Part of the e-mail, name or company, or a user id' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

@ArgsType()
export class ContactMessagesArgs extends PageArgs {
  @Field({ defaultValue: true, description: 'Only messages not yet handled' })
  onlyOpen: boolean;
}

@ArgsType()
export class AdminDataRightsRequestsArgs extends PageArgs {
  @Field(() => DataRightsRequestStatus, { nullable: true, defaultValue: DataRightsRequestStatus.OPEN, description: 'null = every status' })
  status?: DataRightsRequestStatus | null;
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'The id of the record acted on' })
  @IsOptional()
  @MaxLength(100)
  targetId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  action?: string | null;
}

@ArgsType()
export class SetUserDisabledArgs {
  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field()
  disabled: boolean;
}

@ArgsType()
export class MarkContactMessageHandledArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field({ defaultValue: true, description: 'false reopens it' })
  handled: boolean;
}
