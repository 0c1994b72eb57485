import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import { recordViewer } from '../../core/request-info';
import type { SessionService } from '../auth';
import { SESSION_ONLY } from '../../graphql/auth-checker';
import { PageArgs, PageOf, decodeUuidCursor, toPage } from '../../graphql/pagination';
import { User } from '../users';
import type { PrivacyService } from './privacy.service';
import { ConsentLogEntry } from './consent-log.entity';
import { DataRightsRequest } from './data-rights-request.entity';
import { DeleteAccountInput, ObjectionInput } from './privacy.inputs';

@ObjectType()
export class DataRightsRequestPage extends PageOf(DataRightsRequest) {}

@ObjectType()
export class ConsentLogPage extends PageOf(ConsentLogEntry) {}

/** Account-level rights: session only, never through an API token. */
@Resolver(() => DataRightsRequest)
export class PrivacyResolver {
  constructor(private readonly services: { privacy: PrivacyService; sessions: Pick<SessionService, 'clearCookie'> }) {}

  @Authorized(SESSION_ONLY)
  @Query(() => GraphQLJSONObject, { description: 'Everything we hold about me as one JSON document (also GET /me/export.json)' })
  exportMyData(@Ctx() ctx: RequestContext): Promise<Record<string, unknown>> {
    return this.services.privacy.exportData(ctx.viewer!.userId);
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => Boolean, { description: 'Erases my account at once and signs me out' })
  async deleteMyAccount(@Arg('input') input: DeleteAccountInput, @Ctx() ctx: RequestContext): Promise<boolean> {
    await this.services.privacy.deleteAccount(ctx.viewer!.userId, input.password);
    ctx.setCookie(this.services.sessions.clearCookie());
    // The access log line of this very request must not link the erased account either.
    recordViewer(ctx.req, null);
    return true;
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => User, { description: 'Restrict processing: vision calls stop (PROCESSING_RESTRICTED) and only essential mail is sent' })
  setProcessingRestricted(@Arg('restricted') restricted: boolean, @Ctx() ctx: RequestContext): Promise<User> {
    return this.services.privacy.setProcessingRestricted(ctx.viewer!.userId, restricted);
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => DataRightsRequest, { description: 'Object to a processing of my data; answered within 30 days' })
  fileObjection(@Arg('input') input: ObjectionInput, @Ctx() ctx: RequestContext): Promise<DataRightsRequest> {
    return this.services.privacy.fileObjection(ctx.viewer!.userId, input.message);
  }

  @Authorized(SESSION_ONLY)
  @Query(() => DataRightsRequestPage, { description: 'My data-rights requests, newest first' })
  async myDataRightsRequests(@Args() { first, after }: PageArgs, @Ctx() ctx: RequestContext): Promise<DataRightsRequestPage> {
    return toPage(await this.services.privacy.requests.listMine(ctx.viewer!.userId, first + 1, decodeUuidCursor(after)), first);
  }

  @Authorized(SESSION_ONLY)
  @Query(() => ConsentLogPage, { description: 'Every change of my consents and preferences, newest first' })
  async myConsentLog(@Args() { first, after }: PageArgs, @Ctx() ctx: RequestContext): Promise<ConsentLogPage> {
    return toPage(await this.services.privacy.consents.list(ctx.viewer!.userId, first + 1, decodeUuidCursor(after)), first);
  }

  @FieldResolver(() => Boolean, { description: 'Open and past its 30-day deadline' })
  overdue(@Root() request: DataRightsRequest): boolean {
    return this.services.privacy.requests.isOverdue(request);
  }
}
