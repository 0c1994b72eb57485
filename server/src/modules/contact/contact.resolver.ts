import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import type { ContactService } from './contact.service';
import { ContactMessageInput } from './contact.inputs';

/** What the sender sees: the message was stored; admin fields stay with admins. */
@ObjectType()
export class ContactMessageReceipt {
  @Field(() => ID)
  id: string;

  @Field()
  createdAt: Date;
}

@Resolver()
export class ContactResolver {
  constructor(private readonly services: { contact: ContactService }) {}

  @Mutation(() => ContactMessageReceipt, { description: 'Public contact form; limited per IP (RATE_LIMITED with retryAfter)' })
  async submitContactMessage(@Arg('input') input: ContactMessageInput, @Ctx() ctx: RequestContext): Promise<ContactMessageReceipt> {
    const stored = await this.services.contact.submit(input, ctx.ip, ctx.viewer?.userId ?? null);
    return { id: stored.id, createdAt: stored.createdAt };
  }
}
