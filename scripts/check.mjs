// `npm run check`: typecheck, lint, architecture rules (.dependency-cruiser.cjs), and drift between the code and committed generated files
// (schema.graphql, the client's codegen output). Fails on the first problem group, listing all.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const problems = [];
const run = (label, cmd, args, opts = {}) => {
  const result = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
  if (result.status !== 0) problems.push(`${label} failed:\n${(result.stdout ?? '') + (result.stderr ?? '')}`.trim());
  return result;
};

run('server typecheck', 'npx', ['tsc', '-p', 'server/tsconfig.json', '--noEmit']);
if (existsSync(path.join(root, 'client', 'tsconfig.json'))) {
  run('client typecheck', 'npx', ['tsc', '-p', 'client/tsconfig.json', '--noEmit']);
}
run('lint', 'npx', ['eslint', 'server/src', ...(existsSync(path.join(root, 'client', 'src')) ? ['client/src'] : [])]);
// Import rules: no cycles in server/src, core below modules, modules only through their index, no server code in the client.
run('architecture', 'npx', ['depcruise', 'server/src', ...(existsSync(path.join(root, 'client', 'src')) ? ['client/src'] : []), '--config', '.dependency-cruiser.cjs']);

// schema.graphql must be what the TypeGraphQL classes print.
const build = run('server build', 'node', ['scripts/build.cjs', 'server']);
if (build.status === 0) {
  const printed = run('schema print', 'node', ['server/dist/scripts/print-schema.js', '--stdout']);
  const committed = readFileSync(path.join(root, 'schema.graphql'), 'utf8');
  if (printed.status === 0 && printed.stdout !== committed) {
    problems.push('schema.graphql is stale: run `npm run codegen` and commit the result');
  }
  // Every software promise of the privacy policies has a test, and docs/privacy-promises.md is current.
  run('privacy promises', 'node', ['server/dist/scripts/privacy-promises.js', '--check']);
}

// The client's generated types must match schema.graphql and the client's documents.
const generated = path.join(root, 'client', 'src', 'gql');
if (existsSync(generated)) {
  const backup = mkdtempSync(path.join(os.tmpdir(), 'vg-gql-'));
  cpSync(generated, backup, { recursive: true });
  run('codegen', 'npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent']);
  const diff = spawnSync('diff', ['-r', backup, generated], { encoding: 'utf8' });
  if (diff.status !== 0) {
    problems.push(`client/src/gql is stale: run \`npm run codegen\` and commit the result\n${diff.stdout.slice(0, 2000)}`);
    rmSync(generated, { recursive: true, force: true });
    cpSync(backup, generated, { recursive: true });
  }
  rmSync(backup, { recursive: true, force: true });
}

if (problems.length) {
  console.error(problems.join('\n\n'));
  process.exit(1);
}
console.log('check: typecheck, lint, architecture, schema and codegen are up to date');
