import { ArrayMaxSize, IsOptional, IsUUID, Length } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { PageArgsOf } from '../../graphql/pagination';
import { WebhookEventType } from './webhooks.graphql';

@ArgsType()
export class CreateWebhookEndpointArgs {
  @Field({ description: 'https://… (public addresses only)' })
  @Length(1, 2048)
  url: string;

  @Field(() => [WebhookEventType], { description: 'At least one' })
  @ArrayMaxSize(20)
  events: WebhookEventType[];
}

@ArgsType()
export class RedeliverWebhookArgs {
  @Field(() => ID)
  @IsUUID()
  deliveryId: string;
}

@ArgsType()
export class WebhookDeliveriesArgs extends PageArgsOf(20, 200) {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  endpointId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  jobId?: string | null;
}
