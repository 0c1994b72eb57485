import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './core/config';

/**
 * A clean clone must stand alone: no source file may reach outside the repository (the fixture
 * photographs once came from a `shared/` folder beside it, which a fresh clone does not have).
 * Every relative path literal in the tracked JS/TS and JSON files is resolved from the file's folder
 * (and, for server/src, from its twin in server/dist, where the compiled copy runs) and must stay
 * inside the repository root. Consecutive string arguments (`path.resolve(__dirname, '..', '..')`)
 * count as one path. Paths built at run time (path.dirname chains, variables) are not seen here.
 */
const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.data', 'coverage', 'test-results']);
const MAX_BYTES = 1_000_000;
const SHARED_FOLDER = /\.\.\/shared\b|shared\/fixtures/;
/** This file names such paths as examples. */
const SELF = path.relative(REPO_ROOT, __filename).split(path.sep).join('/');

/** Tracked and new (not ignored) files, relative to the root; a directory walk where git is absent. */
function repositoryFiles(root: string): string[] {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (git.status === 0 && git.stdout) {
    return git.stdout.split('\0').filter((file) => file && !file.split('/').some((part) => SKIP_DIRS.has(part)));
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(relative);
      } else if (entry.isFile()) files.push(relative);
    }
  };
  walk('');
  return files;
}

function isText(file: string): boolean {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_BYTES) return false;
    return !readFileSync(file).subarray(0, 8000).includes(0);
  } catch {
    return false; // deleted but still listed by git
  }
}

/** Relative path literals of a JS/TS file: string literals, runs of string arguments, template heads. */
export function relativePathLiterals(fileName: string, source: string): string[] {
  const found: string[] = [];
  const isRelative = (text: string) => text === '.' || text === '..' || text.startsWith('./') || text.startsWith('../');
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false);
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      let run: string[] = [];
      const flush = () => {
        if (run.length > 1 && isRelative(run[0])) found.push(path.posix.join(...run));
        run = [];
      };
      for (const argument of node.arguments ?? []) {
        if (ts.isStringLiteralLike(argument)) run.push(argument.text);
        else flush();
      }
      flush();
    }
    if (ts.isStringLiteralLike(node) && isRelative(node.text)) found.push(node.text);
    if (ts.isTemplateHead(node) && isRelative(node.text)) found.push(node.text.slice(0, node.text.lastIndexOf('/') + 1) || '.');
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Relative path values of a JSON file (tsconfig `extends`, `include`, …). */
function jsonPathLiterals(source: string): string[] {
  return [...source.matchAll(/"(\.\.?(?:\/[^"]*)?)"/g)].map((match) => match[1]);
}

/** `<literal> in <file>` for every literal that leaves `root` from the file's folder or its dist twin. */
export function escapingPaths(root: string, files: string[], read: (file: string) => string): string[] {
  const outside: string[] = [];
  for (const file of files) {
    const isCode = CODE.test(file);
    if (!isCode && !file.endsWith('.json')) continue;
    const source = read(file);
    const literals = isCode ? relativePathLiterals(file, source) : jsonPathLiterals(source);
    const folders = [path.dirname(file)];
    if (file.startsWith('server/src/')) folders.push(path.dirname(file.replace(/^server\/src\//, 'server/dist/')));
    for (const literal of new Set(literals)) {
      for (const folder of folders) {
        const resolved = path.relative(root, path.resolve(root, folder, literal));
        if (resolved === '..' || resolved.startsWith(`..${path.sep}`) || path.isAbsolute(resolved)) {
          outside.push(`${literal} in ${file}${folder === path.dirname(file) ? '' : ` (from ${folder})`}`);
        }
      }
    }
  }
  return outside;
}

describe('the repository stands alone', () => {
  const files = repositoryFiles(REPO_ROOT).filter((file) => file !== SELF && isText(path.join(REPO_ROOT, file)));
  const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

  it('sees the source files it guards', () => {
    expect(files).toEqual(expect.arrayContaining(['server/src/main.ts', 'client/e2e/visiongate.e2e.test.ts', 'scripts/run-tests.mjs']));
  });

  it('has no relative path literal that leads outside the repository', () => {
    expect(escapingPaths(REPO_ROOT, files, read)).toEqual([]);
  });

  it('names no shared fixture folder beside the repository', () => {
    expect(files.filter((file) => SHARED_FOLDER.test(read(file)))).toEqual([]);
  });

  it('catches a literal that leaves the repository, also from server/dist', () => {
    const sources: Record<string, string> = {
      'client/e2e/a.ts': "const images = path.resolve(here, '..', '..', '..', 'shared');",
      'server/src/b.ts': "export const FIXTURES = path.join(__dirname, '../../../x');",
      'scripts/c.mjs': 'const ok = `../${name}`; const bad = `../../${name}`;',
      'server/src/modules/d.ts': "import { e } from '../core/e';",
    };
    expect(escapingPaths('/repo', Object.keys(sources), (file) => sources[file])).toEqual([
      '../../../shared in client/e2e/a.ts',
      '../../../x in server/src/b.ts',
      '../../../x in server/src/b.ts (from server/dist)',
      '../../ in scripts/c.mjs',
    ]);
  });
});
