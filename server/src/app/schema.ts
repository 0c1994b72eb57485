import { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import type { ResolverClass } from '../core/module';
import { authChecker } from '../graphql/auth-checker';
import { modules } from '../modules';
import type { AppServices } from './services';

type AnyResolver = ResolverClass<AppServices>;

/** Every module's resolvers. */
export const resolvers = modules.flatMap((module) => (module.resolvers ?? []) as readonly AnyResolver[]);

/**
 * type-graphql asks for a PubSub as soon as one `@Subscription` exists, even when every
 * subscription brings its own `subscribe` (ours do: jobs.subscription.ts follows the job feed).
 * No topic-based subscription exists, so using this one is a programming error, said at once.
 */
const topicsUnsupported: PubSub = {
  publish: () => {
    throw new Error('No topic-based subscriptions: give @Subscription a `subscribe` function');
  },
  subscribe: () => {
    throw new Error('No topic-based subscriptions: give @Subscription a `subscribe` function');
  },
};

/** Builds the schema; resolvers are constructed once with the app's services. */
export async function buildAppSchema(services?: AppServices): Promise<GraphQLSchema> {
  const instances = new Map<AnyResolver, unknown>();
  return buildSchema({
    resolvers: resolvers as [AnyResolver, ...AnyResolver[]],
    authChecker,
    authMode: 'error',
    pubSub: topicsUnsupported,
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    container: {
      get: (cls: AnyResolver) => {
        if (!services) throw new Error('schema built without services cannot execute');
        if (!instances.has(cls)) instances.set(cls, new cls(services));
        return instances.get(cls);
      },
    },
  });
}
