import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import { SESSION_ONLY } from '../../graphql/auth-checker';
import { requestedFields } from '../../graphql/requested-fields';
import { SignupRateLimit } from '../rate-limits';
import { User } from '../users';
import { ChangePasswordInput, LoginInput, RegisterInput } from './auth.inputs';
import type { AuthService, ViewerUser } from './auth.service';
import type { SessionService } from './session.service';

/** The application reads the caller's account row with the authentication check (VIEWER_COLUMNS). */
export interface ViewerContext extends RequestContext {
  currentUser: ViewerUser | null;
}

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
    ctx.setCookie(this.services.sessions.issueCookie(user.id, user.tokenVersion));
    return user;
  }

  @Mutation(() => User)
  async login(@Arg('input') input: LoginInput, @Ctx() ctx: RequestContext): Promise<User> {
    const { user, cookie } = await this.services.auth.login(input, ctx.ip);
    ctx.setCookie(cookie);
    return user;
  }

  @Mutation(() => Boolean, { description: 'Clears the session cookie' })
  logout(@Ctx() ctx: RequestContext): boolean {
    ctx.setCookie(this.services.sessions.clearCookie());
    return true;
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => Boolean, { description: 'Ends every other session' })
  async changePassword(@Arg('input') input: ChangePasswordInput, @Ctx() ctx: RequestContext): Promise<boolean> {
    ctx.setCookie(await this.services.auth.changePassword(ctx.viewer!.userId, input));
    return true;
  }
}
