/**
 * A require hook compiling the server's TypeScript with swc on the fly (with decorator metadata,
 * which type-graphql and TypeORM need), so tests can run `src/main.ts` as real child processes
 * without a build: `node -r ./src/test/register-swc.js src/main.ts`.
 */
const { transformSync } = require('@swc/core');
const fs = require('node:fs');

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
