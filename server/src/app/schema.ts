import { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { ResolverClass } from '../core/module';
import { authChecker } from '../graphql/auth-checker';
import { modules } from '../modules';
import type { AppServices } from './services';

type AnyResolver = ResolverClass<AppServices>;

/** Every module's resolvers. */
export const resolvers = modules.flatMap((module) => (module.resolvers ?? []) as readonly AnyResolver[]);

/** Builds the schema; resolvers are constructed once with the app's services. */
export async function buildAppSchema(services?: AppServices): Promise<GraphQLSchema> {
  const instances = new Map<AnyResolver, unknown>();
  return buildSchema({
    resolvers: resolvers as [AnyResolver, ...AnyResolver[]],
    authChecker,
    authMode: 'error',
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
