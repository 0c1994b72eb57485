import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import type { ApiTokensService } from './api-tokens.service';
import { SESSION_ONLY } from '../../graphql/auth-checker';
import { UuidArgs } from '../../graphql/id-args';
import { ApiToken, CreatedApiToken } from './api-token.entity';
import { CreateApiTokenInput, RenameApiTokenArgs, SetApiTokenSpendLimitArgs } from './api-tokens.inputs';

/** Token management is dashboard-only: a token must not be able to mint or extend tokens. */
@Resolver(() => ApiToken)
export class ApiTokensResolver {
  constructor(private readonly services: { apiTokens: ApiTokensService }) {}

  @FieldResolver(() => Boolean, { description: 'Neither revoked nor expired' })
  active(@Root() token: ApiToken): boolean {
    return this.services.apiTokens.isActive(token);
  }

  @FieldResolver(() => Int, { description: 'Credits spent with this token in the current calendar month (UTC), refunds deducted' })
  spentThisMonth(@Root() token: ApiToken): number {
    return this.services.apiTokens.spentThisMonth(token);
  }

  @Authorized(SESSION_ONLY)
  @Query(() => [ApiToken], { description: 'My API tokens, newest first: every usable one and the 50 newest revoked or expired ones' })
  apiTokens(@Ctx() ctx: RequestContext): Promise<ApiToken[]> {
    return this.services.apiTokens.listForOwner(ctx.viewer!.userId);
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => CreatedApiToken, { description: 'The secret is in this response only; store it now' })
  createApiToken(@Arg('input') input: CreateApiTokenInput, @Ctx() ctx: RequestContext): Promise<CreatedApiToken> {
    return this.services.apiTokens.create(ctx.viewer!.userId, input);
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => ApiToken, { description: 'Stops the token at once' })
  revokeApiToken(@Args() { id }: UuidArgs, @Ctx() ctx: RequestContext): Promise<ApiToken> {
    return this.services.apiTokens.revoke(ctx.viewer!.userId, id);
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => Boolean, { description: 'Deletes the token for good; its calls stay in the log without it' })
  async deleteApiToken(@Args() { id }: UuidArgs, @Ctx() ctx: RequestContext): Promise<boolean> {
    await this.services.apiTokens.delete(ctx.viewer!.userId, id);
    return true;
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => ApiToken)
  renameApiToken(@Args() { id, name }: RenameApiTokenArgs, @Ctx() ctx: RequestContext): Promise<ApiToken> {
    return this.services.apiTokens.rename(ctx.viewer!.userId, id, name);
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => CreatedApiToken, { description: 'Issues a new secret for the token; the old secret stops at once' })
  rotateApiToken(@Args() { id }: UuidArgs, @Ctx() ctx: RequestContext): Promise<CreatedApiToken> {
    return this.services.apiTokens.rotate(ctx.viewer!.userId, id);
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => ApiToken, { description: 'Sets or (with null) removes the monthly credit cap' })
  setApiTokenSpendLimit(@Args() { id, spendLimit }: SetApiTokenSpendLimitArgs, @Ctx() ctx: RequestContext): Promise<ApiToken> {
    return this.services.apiTokens.setSpendLimit(ctx.viewer!.userId, id, spendLimit ?? null);
  }
}
