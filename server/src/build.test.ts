import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './core/config';

/** scripts/build.cjs: `npm start` runs tsc and vite only when their inputs changed. */
const { buildClient, buildServer, removeStaleServerOutputs } = createRequire(__filename)(path.join(REPO_ROOT, 'scripts', 'build.cjs')) as {
  buildClient(options: { root: string; env: Record<string, string>; log: (line: string) => void; build: () => number }): number;
  buildServer(options: { root: string; log: (line: string) => void; build: () => number }): number;
  removeStaleServerOutputs(root: string): string[];
};

const BUILD_INFO = 'server/dist/tsconfig.build.tsbuildinfo';

/** A first build, then `change`: the next build runs the build step again (the second run of it). */
function rebuildsAfter(change: () => void, build: () => number, builds: () => number): void {
  build();
  change();
  build();
  expect(builds()).toBe(2);
}

describe('the client build step of npm start', () => {
  let root: string;
  let builds: number;
  let buildStatus: number;
  let env: Record<string, string>;
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  };
  /** Stands in for vite: empties client/dist, then writes a bundle unless it is made to fail. */
  const fakeVite = () => {
    builds += 1;
    rmSync(path.join(root, 'client', 'dist'), { recursive: true, force: true });
    if (buildStatus === 0) write('client/dist/index.html', '<html></html>');
    return buildStatus;
  };
  const build = () => buildClient({ root, env, log: () => undefined, build: fakeVite });

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'vg-build-client-'));
    builds = 0;
    buildStatus = 0;
    env = {};
    write('package-lock.json', '{"lockfileVersion":3}');
    write('client/index.html', '<div id="root"></div>');
    write('client/vite.config.ts', 'export default {};');
    write('client/src/main.tsx', 'render(<App />);');
    write('client/node_modules/some-dep/index.js', 'module.exports = 1;');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds the first time and skips vite while nothing changed', () => {
    expect(build()).toBe(0);
    expect(builds).toBe(1);
    expect(build()).toBe(0);
    expect(build()).toBe(0);
    expect(builds).toBe(1);
  });

  it.each([
    ['a changed source file', () => write('client/src/main.tsx', 'render(<App strict />);')],
    ['a new source file', () => write('client/src/features/new/Page.tsx', 'export {};')],
    ['a removed source file', () => rmSync(path.join(root, 'client', 'vite.config.ts'))],
    ['a changed index.html', () => write('client/index.html', '<div id="app"></div>')],
    ['a changed lock file', () => write('package-lock.json', '{"lockfileVersion":3,"packages":{}}')],
    ['a new VITE_ variable', () => (env.VITE_API = 'http://elsewhere')],
    ['a deleted client/dist', () => rmSync(path.join(root, 'client', 'dist'), { recursive: true })],
  ])('builds again after %s', (_what, change) => {
    rebuildsAfter(change, build, () => builds);
    build();
    expect(builds).toBe(2);
  });

  it('ignores outputs and installed dependencies', () => {
    build();
    write('client/node_modules/some-dep/index.js', 'module.exports = 2;');
    write('client/test-results/vitest.json', '{}');
    write('client/README.md', '# changed');
    write('client/e2e/walkthrough.e2e.test.ts', 'it();');
    env.OTHER = 'not a vite variable';
    build();
    expect(builds).toBe(1);
  });

  it('builds again after a failed build and reports its status', () => {
    build();
    write('client/src/main.tsx', 'syntax error (');
    buildStatus = 1;
    expect(build()).toBe(1);
    buildStatus = 0;
    expect(build()).toBe(0);
    expect(builds).toBe(3);
  });
});

describe('the server build step of npm start', () => {
  let root: string;
  let builds: number;
  let buildStatus: number;
  /** Whether the fake tsc rewrites its build info (the real one leaves it alone when nothing changed). */
  let writesBuildInfo: boolean;
  const write = (file: string, content: string, ageSeconds = 0) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
    const when = new Date(Date.now() + ageSeconds * 1000);
    utimesSync(path.join(root, file), when, when);
  };
  /** Stands in for tsc -b: emits into server/dist, also when the code has type errors. */
  const fakeTsc = () => {
    builds += 1;
    write('server/dist/main.js', 'require("./app");');
    if (writesBuildInfo || !existsSync(path.join(root, BUILD_INFO))) write(BUILD_INFO, '{}');
    return buildStatus;
  };
  const build = () => buildServer({ root, log: () => undefined, build: fakeTsc });

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'vg-build-server-'));
    builds = 0;
    buildStatus = 0;
    writesBuildInfo = true;
    // Inputs from before this build (a fresh checkout is older than the build it gets).
    write('package-lock.json', '{"lockfileVersion":3}', -60);
    write('server/tsconfig.json', '{}', -60);
    write('server/tsconfig.build.json', '{}', -60);
    write('server/src/main.ts', 'main();', -60);
    write('server/src/modules/users/user.entity.ts', 'export class User {}', -60);
    const before = new Date(Date.now() - 60_000);
    for (const folder of ['server/src/modules/users', 'server/src/modules', 'server/src']) utimesSync(path.join(root, folder), before, before);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs tsc the first time and not while no input changed', () => {
    expect(build()).toBe(0);
    expect(build()).toBe(0);
    expect(build()).toBe(0);
    expect(builds).toBe(1);
  });

  it.each([
    ['an edited source file', () => write('server/src/modules/users/user.entity.ts', 'export class User { id = 1 }', 5)],
    ['a new source file', () => write('server/src/modules/users/user.service.ts', 'export {};', 5)],
    ['a deleted source file', () => rmSync(path.join(root, 'server', 'src', 'modules', 'users', 'user.entity.ts'))],
    ['a changed tsconfig', () => write('server/tsconfig.build.json', '{"exclude":[]}', 5)],
    ['a deleted server/dist', () => rmSync(path.join(root, 'server', 'dist'), { recursive: true })],
  ])('runs tsc again after %s', (_what, change) => rebuildsAfter(change, build, () => builds));

  it('does not run tsc on every start when tsc found nothing to emit (a changed lock file)', () => {
    build();
    const builtAt = new Date(Date.now() - 30_000);
    utimesSync(path.join(root, BUILD_INFO), builtAt, builtAt);
    write('package-lock.json', '{"lockfileVersion":3,"packages":{}}', -10);
    writesBuildInfo = false;
    build();
    build();
    expect(builds).toBe(2);
  });

  it('runs tsc at every start while the code does not compile, and reports its status', () => {
    buildStatus = 2;
    expect(build()).toBe(2);
    expect(build()).toBe(2);
    expect(builds).toBe(2);
    expect(statSync(path.join(root, BUILD_INFO)).mtimeMs).toBe(0);
    buildStatus = 0;
    expect(build()).toBe(0);
    expect(build()).toBe(0);
    expect(builds).toBe(3);
  });
});

describe('outputs of deleted server sources', () => {
  it('are removed, so a moved module (app.ts → app/index.ts) cannot shadow its new folder', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'vg-build-stale-'));
    const write = (file: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), '');
    };
    ['server/src/app/index.ts', 'server/src/main.ts', 'server/src/local/worker.js'].forEach(write);
    const kept = ['server/dist/app/index.js', 'server/dist/app/index.d.ts', 'server/dist/main.js', 'server/dist/main.js.map', 'server/dist/local/worker.js', 'server/dist/tsconfig.build.tsbuildinfo'];
    const stale = ['server/dist/app.js', 'server/dist/app.d.ts', 'server/dist/app.js.map', 'server/dist/gone/deep.js'];
    [...kept, ...stale].forEach(write);
    expect(removeStaleServerOutputs(root).sort()).toEqual(['app.d.ts', 'app.js', 'app.js.map', path.join('gone', 'deep.js')].sort());
    for (const file of kept) expect(existsSync(path.join(root, file))).toBe(true);
    for (const file of stale) expect(existsSync(path.join(root, file))).toBe(false);
    expect(existsSync(path.join(root, 'server/dist/gone'))).toBe(false);
  });
});
