/**
 * A require hook compiling the server's TypeScript with swc on the fly (with decorator metadata,
 * which type-graphql and TypeORM need), so tests can run `src/main.ts` as real child processes
 * without a build: `node -r ./src/test/register-swc.js src/main.ts`.
 */
const { transformSync } = require('@swc/core');
const fs = require('node:fs');
const swcOptions = require('./swc-options');

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};
