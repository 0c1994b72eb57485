import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import { SESSION_ONLY } from '../../graphql/auth-checker';
import { NotificationPreferences, User } from './user.entity';
import { NotificationPreferencesInput, UpdateProfileInput } from './users.inputs';
import { UsersService } from './users.service';

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly services: { users: UsersService }) {}

  @FieldResolver(() => NotificationPreferences)
  notificationPreferences(@Root() user: User): NotificationPreferences {
    return UsersService.preferencesOf(user);
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => User, { description: 'Rectify name and company' })
  updateProfile(@Arg('input') input: UpdateProfileInput, @Ctx() ctx: RequestContext): Promise<User> {
    return this.services.users.updateProfile(ctx.viewer!.userId, input);
  }

  @Authorized(SESSION_ONLY)
  @Mutation(() => User)
  updateNotificationPreferences(
    @Arg('input') input: NotificationPreferencesInput,
    @Ctx() ctx: RequestContext,
  ): Promise<User> {
    return this.services.users.updateNotificationPreferences(ctx.viewer!.userId, input);
  }
}
