/**
 * Architecture rules of VisionGate, checked by `npm run check` (scripts/check.mjs):
 *   npx depcruise server/src client/src --config .dependency-cruiser.cjs
 * The layers of server/src, bottom up: core → db, graphql → modules (each module a folder with one
 * index.ts descriptor) → app (the composition root) → main.ts, bench, scripts. Tests and their
 * helpers (testing/ folders, src/test) may reach across, so they are left out of the server's rules;
 * the client's tests are not.
 */
const SERVER_TESTS = '^server/src/(.+\\.test\\.ts$|.*/testing/|test/)';

/** An error-level rule; `parts` holds its from, to and (for folders) scope. */
const forbid = (name, comment, parts) => ({ name, severity: 'error', comment, ...parts });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid('no-file-cycles', 'Files of server/src must not import each other in a loop (type-only imports count too).',
      { from: { path: '^server/src/' }, to: { circular: true } }),
    forbid('no-folder-cycles', 'Folders of server/src (core, graphql, db, each module, app…) must form no loop.',
      { scope: 'folder', from: { path: '^server/src/' }, to: { circular: true } }),
    forbid('core-below-everything', 'core/ is the ground floor: it knows no module, no GraphQL wiring, no database setup and no application.',
      { from: { path: '^server/src/core/' }, to: { path: '^server/src/(modules|app|graphql|db)/' } }),
    forbid('graphql-and-db-below-modules', 'graphql/ and db/ hold the shared plumbing that modules use; they never name a module or the application.',
      { from: { path: '^server/src/(graphql|db)/' }, to: { path: '^server/src/(modules|app)/' } }),
    forbid('modules-below-app', 'Only the application (server/src/app) composes modules; a module never imports it.',
      { from: { path: '^server/src/modules/' }, to: { path: '^server/src/(app|main\\.ts)' } }),
    forbid('modules-through-their-index', "A module reaches another module only through that module's index.ts (its descriptor and exported types).",
      { from: { path: '^server/src/modules/([^/]+)/' }, to: { path: '^server/src/modules/[^/]+/', pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/index\\.ts$'] } }),
    forbid('module-list-names-modules', 'modules/index.ts lists modules (their index.ts), not their files.',
      { from: { path: '^server/src/modules/index\\.ts$' }, to: { path: '^server/src/modules/[^/]+/', pathNot: '^server/src/modules/[^/]+/index\\.ts$' } }),
    forbid('client-never-imports-server', 'The client knows the server only through the generated GraphQL types in client/src/gql.',
      { from: { path: '^client/' }, to: { path: '^server/' } }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)(dist|node_modules)/', SERVER_TESTS] },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
