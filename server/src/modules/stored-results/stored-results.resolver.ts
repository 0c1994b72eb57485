import { Args, Authorized, Ctx, Field, FieldResolver, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import { IdArgs } from '../../graphql/id-args';
import type { UsersService } from '../users';
import type { StoredResultsService } from './stored-results.service';
import { PageArgs, PageOf, decodeUuidCursor, toPage } from '../../graphql/pagination';
import { Plan } from '../users';
import { StoredResult } from './stored-result.entity';

@ObjectType()
export class StoredResultPage extends PageOf(StoredResult) {
  @Field({ description: 'False unless the server runs with STORE_RESULTS=true; then nothing is ever stored' })
  enabled: boolean;
}

@Resolver(() => StoredResult)
export class StoredResultsResolver {
  /** The viewer's plan, read once per request however many rows ask for it. */
  private readonly planOfRequest = new WeakMap<RequestContext, Promise<Plan>>();

  constructor(private readonly services: { storedResults: StoredResultsService; users: UsersService }) {}

  @Authorized()
  @Query(() => StoredResultPage, { description: 'My stored images (seed 000 §3), newest first' })
  async storedResults(@Args() { first, after }: PageArgs, @Ctx() ctx: RequestContext): Promise<StoredResultPage> {
    const rows = await this.services.storedResults.list(ctx.viewer!.userId, first + 1, decodeUuidCursor(after));
    return { enabled: this.services.storedResults.enabled, ...toPage(rows, first) };
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes one stored image at once' })
  async deleteStoredResult(@Args() { id }: IdArgs, @Ctx() ctx: RequestContext): Promise<boolean> {
    await this.services.storedResults.delete(ctx.viewer!.userId, id);
    return true;
  }

  @Authorized()
  @Mutation(() => Int, { description: 'Deletes every stored image of mine; returns how many' })
  deleteAllStoredResults(@Ctx() ctx: RequestContext): Promise<number> {
    return this.services.storedResults.deleteAllOf(ctx.viewer!.userId);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When it is deleted under my current plan; null = kept until I delete it' })
  async expiresAt(@Root() result: StoredResult, @Ctx() ctx: RequestContext): Promise<Date | null> {
    let plan = this.planOfRequest.get(ctx);
    if (!plan) {
      plan = this.services.users.getById(ctx.viewer!.userId).then((user) => user.plan);
      this.planOfRequest.set(ctx, plan);
    }
    return this.services.storedResults.expiresAt(result, await plan);
  }

  @FieldResolver(() => String, { description: 'GET this path (same origin, with the session cookie or the API token) for the bytes' })
  downloadPath(@Root() result: StoredResult): string {
    return `/results/${result.id}`;
  }
}
