import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT, loadConfig } from './config';
import { MIN_SECRET_BYTES, PUBLISHED_DATABASE_PASSWORDS, PUBLISHED_SECRETS, checkedSecret } from './secrets';

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

/** Settings read outside the server: the image's entrypoint and the environment the image sets. */
function variablesReadByDeployment(): Set<string> {
  const entrypoint = readFileSync(path.join(REPO_ROOT, 'deploy', 'docker-entrypoint.sh'), 'utf8');
  const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const envLines = dockerfile.split('\n').filter((line) => line.startsWith('ENV '));
  const compose = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
  return new Set([
    ...[...entrypoint.matchAll(/\$\{([A-Z][A-Z0-9_]+):-/g)].map((m) => m[1]),
    // What compose requires of the operator (`${NAME:?how to set it}`).
    ...[...compose.matchAll(/\$\{([A-Z][A-Z0-9_]+):\?/g)].map((m) => m[1]),
    ...envLines.flatMap((line) => [...line.matchAll(/\b([A-Z][A-Z0-9_]+)=/g)].map((m) => m[1])),
  ]);
}

/** Settings of the test and build tooling (scripts/, the e2e suite): CHROMIUM_PATH and the like. */
function variablesReadByTooling(): Set<string> {
  const names = new Set<string>();
  for (const dir of ['scripts', path.join('client', 'e2e'), path.join('client', 'e2e', 'support')]) {
    const folder = path.join(REPO_ROOT, dir);
    for (const entry of readdirSync(folder)) {
      if (!/\.(c?js|mjs|ts)$/.test(entry)) continue;
      for (const m of readFileSync(path.join(folder, entry), 'utf8').matchAll(/\benv(?:\?)?\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]);
    }
  }
  return names;
}

/** UPPER_SNAKE words, the shape of a setting's name (VISION_PROVIDERS) and of codes and enum values. */
const UPPER_SNAKE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;

/**
 * UPPER_SNAKE words in the server's messages (string literals with a space in them: sentences,
 * not codes) and in the documentation, with where each was found. SQL literals ('ACCOUNT_DELETED'),
 * shell variables ($TOKEN) and interpolations (${NAME}) are no mentions of a setting.
 */
function upperSnakeWordsInMessagesAndDocs(): Map<string, string> {
  const found = new Map<string, string>();
  const collect = (text: string, where: string) => {
    const prose = text.replace(/'[^'\s]*'|\$\{[^}]*\}|\$[A-Z_]+/g, ' ');
    for (const [word] of prose.matchAll(UPPER_SNAKE)) found.set(word, where);
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) {
        if (!['test', 'testing', 'bench'].includes(entry)) walk(file);
      } else if (/\.ts$/.test(entry) && !/\.test\.ts$/.test(entry)) {
        const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
        const visit = (node: ts.Node) => {
          if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
            if (/\s/.test(node.text)) collect(node.text, path.relative(REPO_ROOT, file));
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
      }
    }
  };
  walk(path.join(REPO_ROOT, 'server', 'src'));
  for (const doc of ['README.md', 'docs/api.md', 'docs/privacy-promises.md', 'bench/README.md']) {
    collect(readFileSync(path.join(REPO_ROOT, doc), 'utf8'), doc);
  }
  // What compose passes to the app (the other services' variables belong to their images).
  const compose = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
  for (const [, name] of compose.matchAll(/\$\{([A-Z][A-Z0-9_]+):-/g)) found.set(name, 'docker-compose.yml');
  return found;
}

/** Every quoted value or compose default given to a secret setting anywhere in the repository. */
function secretValuesInRepository(names: readonly string[]): Array<{ name: string; value: string; file: string }> {
  const pattern = new RegExp(`\\b(${names.join('|')})["']?\\s*[:=]\\s*(?:\\$\\{\\1:-([^}]*)\\}|'([^']*)'|"([^"]*)")`, 'g');
  const values: Array<{ name: string; value: string; file: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (['node_modules', '.git', 'dist', '.data', 'test-results', 'fixtures', 'gql'].includes(entry)) continue;
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ts|tsx|md|ya?ml|sh|json|mjs|js|conf)$|^Dockerfile$|^\.env/.test(entry)) {
        for (const m of readFileSync(file, 'utf8').matchAll(pattern)) {
          const value = m[2] ?? m[3] ?? m[4];
          if (value) values.push({ name: m[1], value, file: path.relative(REPO_ROOT, file) });
        }
      }
    }
  };
  walk(REPO_ROOT);
  return values;
}

const strongSecret = () => randomBytes(48).toString('base64url');

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

  it('names only settings that exist in its messages and documentation', () => {
    const schema = readFileSync(path.join(REPO_ROOT, 'schema.graphql'), 'utf8');
    const errorCodes = readFileSync(path.join(REPO_ROOT, 'server', 'src', 'core', 'errors.ts'), 'utf8');
    const known = new Set([...variablesReadBySource(), ...variablesReadByDeployment(), ...variablesReadByTooling(), ...schema.match(UPPER_SNAKE)!, ...errorCodes.match(UPPER_SNAKE)!]);
    const mentioned = upperSnakeWordsInMessagesAndDocs();
    expect(mentioned.get('VISION_PROVIDERS')).toBeDefined(); // the scan finds settings in messages
    const unknown = [...mentioned].filter(([word]) => !known.has(word)).map(([word, where]) => `${word} (${where})`);
    expect(unknown).toEqual([]);
  });

  it('refuses in production every secret value the repository holds', () => {
    const names = ['JWT_SECRET', 'METRICS_TOKEN', 'STRIPE_WEBHOOK_SECRET'];
    const values = secretValuesInRepository(names);
    expect(values.map((v) => v.name)).toEqual(expect.arrayContaining(names)); // the scan finds them
    const accepted = values.filter(({ name, value }) => {
      try {
        checkedSecret(name, value, true);
        return true;
      } catch {
        return false;
      }
    });
    expect(accepted).toEqual([]);
  });

  it('gives no secret a default in docker-compose.yml', () => {
    const compose = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
    for (const name of ['JWT_SECRET', 'RESULTS_ENCRYPTION_KEY', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'METRICS_TOKEN', 'SENTISIGHT_TOKEN', 'FAL_KEY']) {
      for (const m of compose.matchAll(new RegExp(`\\$\\{${name}:-([^}]*)\\}`, 'g'))) expect({ name, default: m[1] }).toEqual({ name, default: '' });
    }
  });

  describe('secrets in production', () => {
    const production = { NODE_ENV: 'production', DATA_DIR: '/nonexistent' };

    it.each(['JWT_SECRET', 'METRICS_TOKEN', 'STRIPE_WEBHOOK_SECRET'])('refuses a short, repeated or published %s with one line saying how to make one', (name) => {
      const env = { ...production, JWT_SECRET: strongSecret(), [name]: 'x'.repeat(MIN_SECRET_BYTES - 1) };
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${name} must be at least 32 bytes in production \\(it has 31\\); generate one with: node -e .+randomBytes`));
      expect(() => loadConfig({ ...env, [name]: 'x'.repeat(64) })).toThrow(new RegExp(`^${name} is one repeated character`));
      for (const published of PUBLISHED_SECRETS) expect(() => loadConfig({ ...env, [name]: published })).toThrow(new RegExp(`^${name} `));
      expect(() => loadConfig({ ...env, [name]: 'change-me-to-a-long-random-string' })).toThrow(`${name} is a value published with VisionGate and is refused in production`);
      expect(() => loadConfig({ ...env, [name]: strongSecret() })).not.toThrow();
      // Outside production any value goes (tests, development).
      expect(() => loadConfig({ ...env, NODE_ENV: 'development', [name]: 'short' })).not.toThrow();
    });

    it('refuses a DATABASE_URL with a published password, with one line saying how to set one', () => {
      const env = { ...production, JWT_SECRET: strongSecret() };
      for (const password of PUBLISHED_DATABASE_PASSWORDS) {
        expect(() => loadConfig({ ...env, DATABASE_URL: `postgres://visiongate:${password}@postgres:5432/visiongate` })).toThrow(/^DATABASE_URL uses a database password published with VisionGate/);
      }
      expect(loadConfig({ ...env, DATABASE_URL: 'postgres://visiongate:2f9c1e0b7a6d@db:5432/visiongate' }).databaseUrl).toBe('postgres://visiongate:2f9c1e0b7a6d@db:5432/visiongate');
      expect(loadConfig({ ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' }).databaseUrl).toBeDefined();
      expect(loadConfig({ ...env, NODE_ENV: 'development', DATABASE_URL: 'postgres://visiongate:visiongate@postgres/visiongate' }).databaseUrl).toBeDefined();
    });

    it('makes compose refuse to start without a database password, saying how to set one', () => {
      const compose = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
      const given = [...compose.matchAll(/^\s*POSTGRES_PASSWORD:\s*(.*)$/gm)].map((m) => m[1]);
      expect(given).toEqual([expect.stringMatching(/^\$\{POSTGRES_PASSWORD:\?/)]);
      expect(compose).toMatch(/\$\{POSTGRES_PASSWORD:\?[^}]*openssl rand -hex/);
      for (const password of PUBLISHED_DATABASE_PASSWORDS) expect(compose).not.toMatch(new RegExp(`:${password}@`));
    });

    it('refuses a RESULTS_ENCRYPTION_KEY of one repeated byte', () => {
      const env = { ...production, JWT_SECRET: strongSecret(), STORE_RESULTS: 'true' };
      expect(() => loadConfig({ ...env, RESULTS_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') })).toThrow(/^RESULTS_ENCRYPTION_KEY is one byte repeated/);
      expect(loadConfig({ ...env, RESULTS_ENCRYPTION_KEY: randomBytes(32).toString('base64') }).storedResults.enabled).toBe(true);
      expect(loadConfig({ ...env, NODE_ENV: 'test', RESULTS_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') }).storedResults.enabled).toBe(true);
    });
  });

  it('refuses a PORT out of range and a SHUTDOWN_TIMEOUT_MS that is not positive', () => {
    const env = { NODE_ENV: 'test', JWT_SECRET: 'x' };
    expect(() => loadConfig({ ...env, PORT: '70000' })).toThrow('PORT must be between 0 and 65535, got 70000');
    expect(() => loadConfig({ ...env, SHUTDOWN_TIMEOUT_MS: '0' })).toThrow('SHUTDOWN_TIMEOUT_MS must be positive, got 0');
    expect(loadConfig(env).shutdownTimeoutMs).toBe(25_000);
  });

  it('sizes job concurrency and local engine threads by the cores unless set, and reads VISION_WORKERS', () => {
    const env = { NODE_ENV: 'test', JWT_SECRET: 'x' };
    const defaults = loadConfig(env);
    expect(defaults.workers).toEqual({ runsJobs: true, jobConcurrency: availableParallelism(), port: 4001, nice: 10 });
    expect(defaults.vision.localEngineThreads).toBe(availableParallelism());
    const set = loadConfig({ ...env, JOB_CONCURRENCY: '16', LOCAL_ENGINE_THREADS: '3', VISION_WORKERS: '0', WORKER_PORT: '0', WORKER_NICE: '0' });
    expect(set.workers).toEqual({ runsJobs: false, jobConcurrency: 16, port: 0, nice: 0 });
    expect(loadConfig({ ...env, WORKER_NICE: '40' }).workers.nice).toBe(19);
    expect(set.vision.localEngineThreads).toBe(3);
    expect(loadConfig({ ...env, VISION_WORKERS: '1' }).workers.runsJobs).toBe(true);
    expect(() => loadConfig({ ...env, VISION_WORKERS: 'no' })).toThrow('VISION_WORKERS must be 0 (this API process runs no jobs) or 1, got "no"');
    expect(() => loadConfig({ ...env, JOB_CONCURRENCY: '0' })).toThrow('JOB_CONCURRENCY must be at least 1, got 0');
    expect(() => loadConfig({ ...env, LOCAL_ENGINE_THREADS: '0' })).toThrow('LOCAL_ENGINE_THREADS must be at least 1, got 0');
    expect(() => loadConfig({ ...env, WORKER_PORT: '65536' })).toThrow('WORKER_PORT must be between 0 and 65535, got 65536');
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: '/nonexistent' })).toThrow(/JWT_SECRET/);
  });

  it('refuses a non-integer number setting', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x', PORT: 'eighty' })).toThrow(/PORT/);
  });
});
