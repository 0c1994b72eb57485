/** How the server's TypeScript is compiled for tests (jest) and for child processes (register-swc). */
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    // type-graphql and TypeORM read the decorator metadata.
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};
