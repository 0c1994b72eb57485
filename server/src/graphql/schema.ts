import { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { AppServices } from '../core/services';
import { resolvers } from '../modules';
import { authChecker } from './auth-checker';

type ResolverClass = new (services: AppServices) => unknown;

/** Builds the schema; resolvers are constructed once with the app's services. */
export async function buildAppSchema(services?: AppServices): Promise<GraphQLSchema> {
  const instances = new Map<ResolverClass, unknown>();
  return buildSchema({
    resolvers: resolvers as unknown as [ResolverClass, ...ResolverClass[]],
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    container: {
      get: (cls: ResolverClass) => {
        if (!services) throw new Error('schema built without services cannot execute');
        if (!instances.has(cls)) instances.set(cls, new cls(services));
        return instances.get(cls);
      },
    },
  });
}
