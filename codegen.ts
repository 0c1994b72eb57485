import type { CodegenConfig } from '@graphql-codegen/cli';

/** Types every client operation from the committed schema (see `npm run codegen`). */
const config: CodegenConfig = {
  schema: 'schema.graphql',
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
