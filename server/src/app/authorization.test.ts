import { getMetadataStorage } from 'type-graphql';
import { buildAppSchema } from './schema';

/**
 * Server-side authorization on every resolver: an operation is either guarded by @Authorized
 * or listed here as deliberately public. A new unguarded operation fails this test.
 */
const PUBLIC_OPERATIONS = new Set([
  'Query.me',
  'Query.creditPacks',
  'Query.features',
  'Query.privacyPolicy',
  'Mutation.register',
  'Mutation.login',
  'Mutation.logout',
  'Mutation.submitContactMessage',
]);

describe('authorization coverage', () => {
  it('guards every query, mutation and subscription that is not deliberately public', async () => {
    await buildAppSchema();
    const storage = getMetadataStorage();
    const guarded = new Set(storage.authorizedFields.map((f) => `${f.target.name}.${f.fieldName}`));
    const operations = [
      ...storage.queries.map((q) => ({ kind: 'Query', q })),
      ...storage.mutations.map((q) => ({ kind: 'Mutation', q })),
      ...storage.subscriptions.map((q) => ({ kind: 'Subscription', q })),
    ];
    expect(operations.length).toBeGreaterThan(5);
    const unguarded = operations
      .filter(({ q }) => !guarded.has(`${q.target.name}.${q.methodName}`))
      .map(({ kind, q }) => `${kind}.${q.schemaName}`)
      .filter((name) => !PUBLIC_OPERATIONS.has(name));
    expect(unguarded).toEqual([]);
  });
});
