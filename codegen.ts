import { readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The job subscription is being added to the server in parallel: until schema.graphql (printed from
 * the server's classes) has a Subscription type, the agreed SDL in client/schema.pending.graphql types
 * the client's subscription documents. Once the server prints it, this file is no longer read.
 */
const PENDING_SCHEMA = 'client/schema.pending.graphql';
const schemaHasSubscription = /^type Subscription\b/m.test(readFileSync('schema.graphql', 'utf8'));

/** Types every client operation from the committed schema (see `npm run codegen`). */
const config: CodegenConfig = {
  schema: schemaHasSubscription ? 'schema.graphql' : ['schema.graphql', PENDING_SCHEMA],
  documents: ['client/src/**/*.{ts,tsx}', '!client/src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'client/src/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Apollo adds __typename to every selection; typing it lets cache writes and optimistic answers normalize.
        nonOptionalTypename: true,
        scalars: { DateTimeISO: 'string', Upload: 'File', JSON: 'unknown', JSONObject: 'Record<string, unknown>' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
