import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, loadConfig } from './config';

/** Every environment variable the server reads, found in its source (tests and scripts aside). */
function variablesReadBySource(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) {
        if (!['test', 'bench', 'scripts', 'testing'].includes(entry)) walk(file);
      } else if (/\.ts$/.test(entry) && !/\.test\.ts$/.test(entry)) {
        const source = readFileSync(file, 'utf8');
        for (const match of source.matchAll(/\b(?:process\.env|env)\.([A-Z][A-Z0-9_]+)/g)) names.add(match[1]);
        for (const match of source.matchAll(/intFromEnv\(env, '([A-Z][A-Z0-9_]+)'/g)) names.add(match[1]);
      }
    }
  };
  walk(path.join(REPO_ROOT, 'server', 'src'));
  return names;
}

describe('configuration', () => {
  it('documents every environment variable in the README table', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- config-table:start -->'), readme.indexOf('<!-- config-table:end -->'));
    const documented = new Set([...table.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]));
    const read = variablesReadBySource();
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
    expect([...documented].filter((name) => !read.has(name)).sort()).toEqual([]);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: '/nonexistent' })).toThrow(/JWT_SECRET/);
  });

  it('refuses a non-integer number setting', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x', PORT: 'eighty' })).toThrow(/PORT/);
  });
});
