import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from './core/config';

/** scripts/provision.cjs: what `npm test` installs before the suites, or reports in one line each. */
interface Missing {
  suite: string;
  blocksSuite: boolean;
  message: string;
}
const { provision } = createRequire(__filename)(path.join(REPO_ROOT, 'scripts', 'provision.cjs')) as {
  provision(options: {
    suites?: string[];
    env?: Record<string, string>;
    executable?: (file: string) => boolean;
    isRoot?: boolean;
    canApt?: () => boolean;
    apt?: (args: string[]) => boolean;
    log?: (line: string) => void;
  }): Missing[];
};

/** A machine: the executables it has, and what each apt package would install (or fails to). */
function machine(
  installed: string[],
  packages: Record<string, string | null> = { chromium: '/usr/bin/chromium', 'nginx-light': '/usr/sbin/nginx', nginx: '/usr/sbin/nginx', 'redis-server': REDIS_SERVER },
  { redis = true } = {},
) {
  const files = new Set(redis ? [...installed, REDIS_SERVER] : installed);
  const aptCalls: string[] = [];
  return {
    aptCalls,
    executable: (file: string) => files.has(file),
    apt: (args: string[]) => {
      aptCalls.push(args.filter((arg) => !arg.startsWith('-')).join(' '));
      if (args[0] !== 'install') return true;
      const file = packages[args[args.length - 1]];
      if (file) files.add(file);
      return Boolean(file);
    },
  };
}

const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_LINE = 'Redis is missing (the shared rate-limit tests fail without it): apt-get install redis-server (or set REDIS_URL)';
const CHROMIUM_LINE = 'Chromium is missing: apt-get install chromium (or set CHROMIUM_PATH)';
const NGINX_LINE = 'nginx is missing (the compose scale-profile test fails without it): apt-get install nginx-light (or nginx)';

describe('provisioning the test suites', () => {
  const log = () => undefined;

  it('does nothing when Chromium and nginx are there', () => {
    const box = machine(['/usr/bin/chromium', '/usr/sbin/nginx']);
    expect(provision({ env: {}, isRoot: true, canApt: () => true, log, ...box })).toEqual([]);
    expect(box.aptCalls).toEqual([]);
  });

  it('installs what is missing as root with apt-get: one update, then each package', () => {
    const box = machine([]);
    const lines: string[] = [];
    expect(provision({ env: {}, isRoot: true, canApt: () => true, log: (line) => lines.push(line), ...box })).toEqual([]);
    expect(box.aptCalls).toEqual(['update', 'install chromium', 'install nginx-light']);
    expect(lines).toContain('provision: nginx is missing: apt-get install -y nginx-light');
  });

  it('falls back to the nginx package where nginx-light does not install', () => {
    const box = machine(['/usr/bin/chromium'], { 'nginx-light': null, nginx: '/usr/sbin/nginx' });
    expect(provision({ env: {}, isRoot: true, canApt: () => true, log, ...box })).toEqual([]);
    expect(box.aptCalls).toEqual(['update', 'install nginx-light', 'install nginx']);
  });

  it('names the package to install when it may not install (not root), and the e2e suite cannot start', () => {
    const box = machine([]);
    expect(provision({ env: {}, isRoot: false, canApt: () => true, log, ...box })).toEqual([
      { suite: 'e2e', blocksSuite: true, message: CHROMIUM_LINE },
      { suite: 'server', blocksSuite: false, message: NGINX_LINE },
    ]);
    expect(box.aptCalls).toEqual([]);
  });

  it('names the package when root has no apt-get, or the install did not produce the program', () => {
    const box = machine(['/usr/sbin/nginx']);
    expect(provision({ env: {}, isRoot: true, canApt: () => false, log, ...box })).toEqual([{ suite: 'e2e', blocksSuite: true, message: CHROMIUM_LINE }]);
    const broken = machine(['/usr/sbin/nginx'], { chromium: null });
    expect(provision({ env: {}, isRoot: true, canApt: () => true, log, ...broken })).toEqual([{ suite: 'e2e', blocksSuite: true, message: CHROMIUM_LINE }]);
    expect(broken.aptCalls).toEqual(['update', 'install chromium']);
  });

  it('uses CHROMIUM_PATH when set, and does not install over it', () => {
    const box = machine(['/usr/sbin/nginx', '/opt/chrome/chrome']);
    expect(provision({ env: { CHROMIUM_PATH: '/opt/chrome/chrome' }, isRoot: true, canApt: () => true, log, ...box })).toEqual([]);
    const missing = provision({ env: { CHROMIUM_PATH: '/opt/none' }, isRoot: true, canApt: () => true, log, ...box });
    expect(missing).toEqual([{ suite: 'e2e', blocksSuite: true, message: expect.stringContaining('CHROMIUM_PATH=/opt/none is not an executable') }]);
    expect(box.aptCalls).toEqual([]);
  });

  it('only looks after the suites that run', () => {
    const box = machine([]);
    expect(provision({ suites: ['server', 'client'], env: {}, isRoot: false, canApt: () => true, log, ...box })).toEqual([
      { suite: 'server', blocksSuite: false, message: NGINX_LINE },
    ]);
  });

  it('installs redis-server as root, or names it, unless REDIS_URL points at a Redis', () => {
    const box = machine(['/usr/bin/chromium', '/usr/sbin/nginx'], undefined, { redis: false });
    expect(provision({ env: {}, isRoot: true, canApt: () => true, log, ...box })).toEqual([]);
    expect(box.aptCalls).toEqual(['update', 'install redis-server']);
    const user = machine(['/usr/bin/chromium', '/usr/sbin/nginx'], undefined, { redis: false });
    expect(provision({ env: {}, isRoot: false, canApt: () => true, log, ...user })).toEqual([{ suite: 'server', blocksSuite: false, message: REDIS_LINE }]);
    expect(provision({ env: { REDIS_URL: 'redis://10.0.0.9:6379' }, isRoot: false, canApt: () => true, log, ...user })).toEqual([]);
  });
});
