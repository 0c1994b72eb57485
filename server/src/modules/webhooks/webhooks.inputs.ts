import { ArrayMaxSize, IsOptional, IsUUID, Length, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
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
export class WebhookEndpointIdArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@ArgsType()
export class RedeliverWebhookArgs {
  @Field(() => ID)
  @IsUUID()
  deliveryId: string;
}

@ArgsType()
export class WebhookDeliveriesArgs {
  @Field(() => Int, { defaultValue: 20 })
  @Min(1)
  @Max(200)
  first: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  after?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  endpointId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  jobId?: string | null;
}
