// The client step of `npm run build` (and so of `npm start`): runs `vite build` only when an input
// changed since the last successful build. The inputs are every file of client/ but its outputs and
// dependencies, the lock file and the VITE_* environment; their digest is written into client/dist
// after a build that succeeded. vite empties client/dist first, so a failed build leaves no stamp.
// `npm run build -w client` always builds; deleting client/dist forces this step to.
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const STAMP = '.inputs-digest';
/** Folders of client/ that are outputs or installed dependencies, not inputs of the bundle. */
const NOT_INPUTS = new Set(['node_modules', 'dist', 'test-results', 'coverage', '.vite']);

/** Files under `dir` (relative to `root`), sorted, leaving out NOT_INPUTS folders. */
function inputFiles(root, dir) {
  const files = [];
  const walk = (relative) => {
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
  const files = [...inputFiles(root, 'client'), ...['package.json', 'package-lock.json'].filter((file) => existsSync(path.join(root, file)))];
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

module.exports = { inputsDigest, isFresh, writeStamp, buildClient, STAMP };

if (require.main === module) process.exit(buildClient());
