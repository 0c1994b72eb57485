// `npm run build` (and so `npm start`): builds only what changed, so a second start is quick.
// Server: `tsc -b` (incremental, its build info in server/dist), not even started when no input of it
// is newer than that build info, which saves loading the compiler. Client: `vite build` only when a
// digest of its inputs (every file of client/ but its outputs, dependencies, documentation and e2e
// suite; the root package files; the VITE_* environment) differs from the one written into client/dist after the last successful
// build; vite empties client/dist first, so a failed build leaves no stamp. Deleting server/dist or
// client/dist forces a full build; `npm run build -w client` always runs vite. tsc leaves the outputs of
// deleted sources behind: those are removed after each server build.
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SERVER_BUILD_INFO = 'server/dist/tsconfig.build.tsbuildinfo';
/** What tsc reads besides server/src; the lock file stands for the installed type definitions. */
const SERVER_CONFIG_INPUTS = ['server/tsconfig.json', 'server/tsconfig.build.json', 'server/package.json', 'package-lock.json'];
const STAMP = '.inputs-digest';
/** Folders that are outputs or installed dependencies, not inputs of a build. */
const NOT_INPUTS = new Set(['node_modules', 'dist', 'test-results', 'coverage', '.vite']);
/** Files of client/ that never reach the bundle: its documentation and the browser suite. */
const NOT_CLIENT_INPUTS = /^client\/(e2e\/|[^/]+\.md$)/;

/** Files under `dir` (relative to `root`), sorted, leaving out NOT_INPUTS folders; with the folders themselves if asked. */
function inputFiles(root, dir, withFolders = false) {
  const files = [];
  const walk = (relative) => {
    if (withFolders) files.push(relative);
    const entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_INPUTS.has(entry.name)) walk(child);
      } else if (entry.isFile()) files.push(child);
    }
  };
  walk(dir);
  return files;
}

/**
 * One digest of the client's inputs under `root`: each file's path and content, the lock file
 * (dependency versions) and the VITE_* variables vite builds into the bundle.
 */
function inputsDigest(root, env = process.env) {
  const hash = createHash('sha256');
  const files = [...inputFiles(root, 'client').filter((file) => !NOT_CLIENT_INPUTS.test(file)), ...['package.json', 'package-lock.json'].filter((file) => existsSync(path.join(root, file)))];
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  for (const name of Object.keys(env).filter((key) => key.startsWith('VITE_')).sort()) hash.update(`env ${name}=${env[name]}\0`);
  return hash.digest('hex');
}

/** Whether client/dist holds a complete build of exactly these inputs. */
function isFresh(root, digest) {
  const dist = path.join(root, 'client', 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) return false;
  try {
    return readFileSync(path.join(dist, STAMP), 'utf8').trim() === digest;
  } catch {
    return false;
  }
}

function writeStamp(root, digest) {
  const file = path.join(root, 'client', 'dist', STAMP);
  writeFileSync(`${file}.tmp`, `${digest}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Whether no input of the server build changed since tsc last wrote its build info. */
function serverIsFresh(root) {
  let builtAt;
  try {
    builtAt = statSync(path.join(root, SERVER_BUILD_INFO)).mtimeMs;
  } catch {
    return false;
  }
  if (!existsSync(path.join(root, 'server', 'dist', 'main.js'))) return false;
  // A folder's time changes when a file in it is deleted or renamed.
  const inputs = [...inputFiles(root, 'server/src', true), ...SERVER_CONFIG_INPUTS.filter((file) => existsSync(path.join(root, file)))];
  return inputs.every((file) => statSync(path.join(root, file)).mtimeMs <= builtAt);
}

/** Runs tsc unless no server input changed; `build` runs tsc and returns its exit status. */
function buildServer({ root = ROOT, log = console.log, build = () => tscBuild(root) } = {}) {
  removeStaleServerOutputs(root);
  if (serverIsFresh(root)) {
    log('server: no input changed since the last build, tsc skipped (delete server/dist to force it)');
    return 0;
  }
  const startedAt = new Date();
  const status = build();
  const buildInfo = path.join(root, SERVER_BUILD_INFO);
  if (existsSync(buildInfo)) {
    // Success: date the build info to the build's start (tsc leaves the file alone when it finds
    // nothing to do, e.g. after a change to package-lock.json only); an input edited meanwhile
    // stays newer, so the next start builds again.
    // Failure: tsc still wrote its outputs, so date the build info back and let tsc run (and
    // report the errors) at every start until they are fixed.
    const when = status === 0 ? startedAt : new Date(0);
    utimesSync(buildInfo, when, when);
  }
  return status;
}

function tscBuild(root) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-b', path.join(root, 'server', 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  removeStaleServerOutputs(root);
  return run.status ?? 1;
}

const EMITTED = /(\.d\.ts|\.js)(\.map)?$/;

/**
 * tsc never deletes what it emitted for a source that is gone: after a move (src/app.ts →
 * src/app/index.ts) the old dist/app.js would still win `require('./app')`. Removes every emitted
 * file of server/dist whose source (.ts or .js under server/src) no longer exists, and the
 * folders that leaves empty; answers the removed paths.
 */
function removeStaleServerOutputs(root) {
  const dist = path.join(root, 'server', 'dist');
  const src = path.join(root, 'server', 'src');
  const removed = [];
  const walk = (relative) => {
    const folder = path.join(dist, relative);
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        walk(child);
        if (readdirSync(path.join(dist, child)).length === 0) rmdirSync(path.join(dist, child));
      } else if (EMITTED.test(entry.name)) {
        const base = child.replace(EMITTED, '');
        if (!existsSync(path.join(src, `${base}.ts`)) && !existsSync(path.join(src, `${base}.js`))) {
          rmSync(path.join(dist, child));
          removed.push(child);
        }
      }
    }
  };
  if (existsSync(dist)) walk('');
  return removed;
}

/** Builds the client unless it is fresh; `build` runs vite and returns its exit status. */
function buildClient({ root = ROOT, env = process.env, log = console.log, build = () => viteBuild(root) } = {}) {
  // Digest the inputs as they are before the build: a file edited during it makes the next run build again.
  const digest = inputsDigest(root, env);
  if (isFresh(root, digest)) {
    log('client: client/dist is up to date with its inputs, vite build skipped (delete client/dist to force it)');
    return 0;
  }
  const status = build();
  if (status === 0) writeStamp(root, digest);
  return status;
}

function viteBuild(root) {
  const run = spawnSync('npm', ['run', 'build', '-w', 'client'], { cwd: root, stdio: 'inherit' });
  return run.status ?? 1;
}

module.exports = { inputsDigest, isFresh, writeStamp, buildClient, serverIsFresh, buildServer, removeStaleServerOutputs, STAMP };

if (require.main === module) {
  const status = buildServer();
  // `node scripts/build.cjs server`: the server only (npm run check).
  process.exit(status !== 0 || process.argv[2] === 'server' ? status : buildClient());
}
