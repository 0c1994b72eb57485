import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import { SESSION_ONLY } from '../../graphql/auth-checker';
import { UuidArgs } from '../../graphql/id-args';
import { requestedFields } from '../../graphql/requested-fields';
import { SignupRateLimit } from '../rate-limits';
import { User } from '../users';
import { ChangePasswordInput, LoginInput, RegisterInput } from './auth.inputs';
import type { AuthService, Device, ViewerUser } from './auth.service';
import type { SessionService } from './session.service';
import { UserSession } from './user-session.entity';

/** The application reads the caller's account row with the authentication check (VIEWER_COLUMNS). */
export interface ViewerContext extends RequestContext {
  currentUser: ViewerUser | null;
}

const deviceOf = (ctx: RequestContext): Device & { ip: string } => ({ ip: ctx.ip, userAgent: ctx.userAgent });

@Resolver()
export class AuthResolver {
  constructor(private readonly services: { auth: AuthService; sessions: SessionService }) {}

  @Query(() => User, { nullable: true, description: 'The signed-in user, or null' })
  me(@Ctx() ctx: ViewerContext, @Info() info: GraphQLResolveInfo): Promise<User | ViewerUser | null> | ViewerUser | null {
    if (!ctx.currentUser) return null;
    return this.services.auth.currentUser(ctx.currentUser, requestedFields(info));
  }

  @SignupRateLimit()
  @Mutation(() => User, { description: 'Creates an account with 50 free credits and signs it in' })
  async register(@Arg('input') input: RegisterInput, @Ctx() ctx: RequestContext): Promise<User> {
    const user = await this.services.auth.register(input, ctx.ip);
    ctx.setCookie((await this.services.auth.startSession(user, deviceOf(ctx))).cookie);
    return user;
  }

  @Mutation(() => User)
  async login(@Arg('input') input: LoginInput, @Ctx() ctx: RequestContext): Promise<User> {
    const { user, cookie } = await this.services.auth.login(input, deviceOf(ctx));
    ctx.setCookie(cookie);
    return user;
  }

  @Mutation(() => Boolean, { description: 'Ends this session (a copy of the cookie stops working too) and clears the cookie' })
  async logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    await this.services.auth.logout(ctx.viewer);
    ctx.setCookie(this.services.sessions.clearCookie());
    return true;
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => Boolean, { description: 'Ends every other session; this one continues with a new cookie' })
  async changePassword(@Arg('input') input: ChangePasswordInput, @Ctx() ctx: RequestContext): Promise<boolean> {
    ctx.setCookie(await this.services.auth.changePassword(ctx.viewer!.userId, ctx.viewer!.sessionId!, input));
    return true;
  }
}

/** The signed-in browsers of the account (Settings → Devices). Dashboard only. */
@Resolver(() => UserSession)
export class SessionsResolver {
  constructor(private readonly services: { sessions: SessionService }) {}

  @FieldResolver(() => Boolean, { description: 'This is the browser asking' })
  current(@Root() session: UserSession, @Ctx() ctx: RequestContext): boolean {
    return session.id === ctx.viewer?.sessionId;
  }

  @Authorized(SESSION_ONLY)
  @Query(() => [UserSession], { description: 'My signed-in browsers (live sessions), most recently used first' })
  mySessions(@Ctx() ctx: RequestContext): Promise<UserSession[]> {
    return this.services.sessions.list(ctx.viewer!.userId);
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => Boolean, { description: 'Signs that browser out at once; NOT_FOUND unless it is a live session of mine' })
  async revokeSession(@Args() { id }: UuidArgs, @Ctx() ctx: RequestContext): Promise<boolean> {
    await this.services.sessions.revoke(ctx.viewer!.userId, id);
    return true;
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => Int, { description: 'Signs out every browser but this one; returns how many' })
  revokeOtherSessions(@Ctx() ctx: RequestContext): Promise<number> {
    return this.services.sessions.revokeOthers(ctx.viewer!.userId, ctx.viewer!.sessionId!);
  }
}
