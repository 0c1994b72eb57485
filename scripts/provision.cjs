// What the test suites need beside node_modules, and its installation: `npm test` calls provision()
// first. Missing programs are installed with apt-get when the user is root and apt-get exists;
// otherwise each is reported in one line naming the package, and the suite that needs it fails
// (never a silent skip that lets the run pass).
'use strict';
const { accessSync, constants } = require('node:fs');
const { spawnSync } = require('node:child_process');

const isExecutable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Debian's Chromium, which the e2e suite drives (client/e2e/support/browser.ts reads the same variable). */
function chromiumPath(env = process.env, executable = isExecutable) {
  const candidate = env.CHROMIUM_PATH || '/usr/bin/chromium';
  return executable(candidate) ? candidate : null;
}

const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'];

/** The nginx binary the compose scale-profile test (server/src/scale-profile.test.ts) starts. */
function nginxPath(_env = process.env, executable = isExecutable) {
  return NGINX_CANDIDATES.find((candidate) => executable(candidate)) ?? null;
}

const REDIS_SERVER_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];

/**
 * The redis-server the tests of shared rate limits start when neither REDIS_URL nor a Redis on
 * 127.0.0.1:6379 is there (server/src/test/redis.ts). With REDIS_URL set none is needed.
 */
function redisServerPath(env = process.env, executable = isExecutable) {
  if (env.REDIS_URL) return env.REDIS_URL;
  return REDIS_SERVER_CANDIDATES.find((candidate) => executable(candidate)) ?? null;
}

const REDIS_MISSING = 'Redis is missing (the shared rate-limit tests fail without it): apt-get install redis-server (or set REDIS_URL)';

const NGINX_MISSING = 'nginx is missing (the compose scale-profile test fails without it): apt-get install nginx-light (or nginx)';

const REQUIREMENTS = [
  {
    name: 'Chromium',
    suite: 'e2e',
    find: chromiumPath,
    // Without a browser no e2e test can run: the suite is not started and counts as failed.
    blocksSuite: true,
    // Installing does not help when CHROMIUM_PATH names another file.
    installable: (env) => !env.CHROMIUM_PATH,
    packages: ['chromium'],
    missing: (env) =>
      env.CHROMIUM_PATH
        ? `Chromium is missing: CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable (unset it and apt-get install chromium)`
        : 'Chromium is missing: apt-get install chromium (or set CHROMIUM_PATH)',
  },
  {
    name: 'nginx',
    suite: 'server',
    find: nginxPath,
    // The server suite runs; its scale-profile test fails with the message below.
    blocksSuite: false,
    installable: () => true,
    // nginx-light is enough for deploy/nginx.conf; some releases only have nginx.
    packages: ['nginx-light', 'nginx'],
    missing: () => NGINX_MISSING,
  },
  {
    name: 'Redis',
    suite: 'server',
    find: redisServerPath,
    // The server suite runs; its shared-rate-limit tests fail with the message below.
    blocksSuite: false,
    installable: (env) => !env.REDIS_URL,
    packages: ['redis-server'],
    missing: () => REDIS_MISSING,
  },
];

function aptGet(args) {
  const run = spawnSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return run.status === 0;
}

const hasAptGet = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

/**
 * Installs what is missing where it may (root with apt-get: one `apt-get update`, then the first
 * package of each requirement that installs) and returns what is still missing for the given
 * suites: the suite that fails without it, whether it cannot start at all, and a one-line message
 * naming the package.
 */
function provision({
  suites = ['server', 'client', 'e2e'],
  env = process.env,
  executable = isExecutable,
  isRoot = process.getuid?.() === 0,
  canApt = hasAptGet,
  apt = aptGet,
  log = console.log,
} = {}) {
  const absent = REQUIREMENTS.filter((requirement) => suites.includes(requirement.suite) && !requirement.find(env, executable));
  const mayInstall = isRoot && absent.some((requirement) => requirement.installable(env)) && canApt();
  let updated = false;
  for (const requirement of absent) {
    if (!mayInstall || !requirement.installable(env)) continue;
    if (!updated) {
      log('provision: apt-get update');
      updated = true;
      if (!apt(['update', '-qq'])) log('provision: apt-get update failed; trying the installs anyway');
    }
    for (const pkg of requirement.packages) {
      log(`provision: ${requirement.name} is missing: apt-get install -y ${pkg}`);
      if (apt(['install', '-y', '-qq', pkg]) && requirement.find(env, executable)) break;
    }
  }
  return absent
    .filter((requirement) => !requirement.find(env, executable))
    .map((requirement) => ({ suite: requirement.suite, blocksSuite: requirement.blocksSuite, message: requirement.missing(env) }));
}

module.exports = { provision, chromiumPath, nginxPath, redisServerPath, NGINX_MISSING, REDIS_MISSING };
