// Runs jest with JSON results, so CI can print its own one-line summary (see .ci/run).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const results = path.join(serverDir, 'test-results', 'jest.json');
mkdirSync(path.dirname(results), { recursive: true });
const local = path.join(serverDir, 'node_modules', '.bin', 'jest');
const jest = existsSync(local) ? local : path.join(serverDir, '..', 'node_modules', '.bin', 'jest');
const run = spawnSync(jest, ['--json', '--forceExit', `--outputFile=${results}`, ...process.argv.slice(2)], {
  cwd: serverDir,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(run.status ?? 1);
