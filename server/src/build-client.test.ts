import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './core/config';

/** scripts/build-client.cjs: `npm start` runs vite only when the client's inputs changed. */
const { buildClient } = createRequire(__filename)(path.join(REPO_ROOT, 'scripts', 'build-client.cjs')) as {
  buildClient(options: { root: string; env: Record<string, string>; log: (line: string) => void; build: () => number }): number;
};

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
    build();
    change();
    build();
    expect(builds).toBe(2);
    build();
    expect(builds).toBe(2);
  });

  it('ignores outputs and installed dependencies', () => {
    build();
    write('client/node_modules/some-dep/index.js', 'module.exports = 2;');
    write('client/test-results/vitest.json', '{}');
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
