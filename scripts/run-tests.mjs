// The README's test command (`npm test`): installs what the suites need beside node_modules where it
// may (scripts/provision.cjs), runs every suite, each writing jest-format JSON results, then prints
// one summary line. CI (.ci/run) runs exactly this after finding a PostgreSQL.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const resultsDir = path.join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });

const clientPackageFile = path.join(root, 'client', 'package.json');
const clientPackage = existsSync(clientPackageFile) ? JSON.parse(readFileSync(clientPackageFile, 'utf8')) : {};
const suites = [
  { name: 'server', cmd: ['node', 'server/scripts/test.mjs'], results: 'server/test-results/jest.json', minutes: 45 },
];
if (clientPackage.scripts?.test) {
  suites.push({ name: 'client', cmd: ['npm', 'run', '--silent', 'test', '-w', 'client'], results: 'client/test-results/vitest.json', minutes: 15 });
}
const skipE2e = process.env.SKIP_E2E === '1';
if (clientPackage.scripts?.['test:e2e'] && !skipE2e) {
  suites.push({
    name: 'e2e',
    before: [['npm', 'run', 'build']],
    cmd: ['npm', 'run', '--silent', 'test:e2e', '-w', 'client'],
    results: 'client/test-results/e2e.json',
    minutes: 25,
  });
}

console.log('=== what the suites need ===');
const { provision } = createRequire(import.meta.url)('./provision.cjs');
const missing = provision({ suites: suites.map((suite) => suite.name) });
const missingLines = missing.map((item) => `${item.suite}: ${item.message}`);
for (const line of missingLines) console.error(line);
if (!missing.length) console.log('everything is installed');
if (skipE2e) console.log('e2e: not run (SKIP_E2E=1)');

const hasSetsid = spawnSync('setsid', ['--version'], { stdio: 'ignore' }).status === 0;
let passed = 0;
let failed = 0;
let exitCode = 0;
for (const suite of suites) {
  console.log(`\n=== ${suite.name} tests ===`);
  const resultsFile = path.join(root, suite.results);
  rmSync(resultsFile, { force: true });
  const blocker = missing.find((item) => item.suite === suite.name && item.blocksSuite);
  if (blocker) {
    console.error(`${suite.name}: not run, counted as 1 failed (${blocker.message.split(':')[0]})`);
    failed += 1;
    exitCode = 1;
    continue;
  }
  for (const step of suite.before ?? []) {
    const prepared = spawnSync(step[0], step.slice(1), { cwd: root, stdio: 'inherit' });
    if (prepared.status !== 0) {
      console.error(`${suite.name}: "${step.join(' ')}" failed`);
      failed += 1;
      exitCode = 1;
    }
  }
  // A suite that hangs (a handle left open, a stuck child) is stopped, so CI always gets its summary line.
  // Under setsid the suite is its own process group, so its children (jest workers, servers) go with it.
  const cmd = hasSetsid ? ['setsid', ...suite.cmd] : suite.cmd;
  const run = spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: 'inherit', timeout: suite.minutes * 60_000, killSignal: 'SIGKILL' });
  if (run.error?.code === 'ETIMEDOUT') {
    if (hasSetsid) {
      try {
        process.kill(-run.pid, 'SIGKILL');
      } catch {
        // the group has already gone
      }
    }
    console.error(`${suite.name}: stopped after ${suite.minutes} minutes, counted as 1 failed`);
    failed += 1;
  }
  if (run.status !== 0) exitCode = 1;
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    passed += results.numPassedTests ?? 0;
    failed += results.numFailedTests ?? 0;
    // A suite that could not even load (syntax error, crash) counts as a failure.
    failed += results.numRuntimeErrorTestSuites ?? 0;
  } else {
    console.error(`${suite.name}: no results written (${suite.results})`);
    failed += 1;
    exitCode = 1;
  }
}
writeFileSync(path.join(resultsDir, 'summary.json'), JSON.stringify({ passed, failed }));
if (missingLines.length) console.error(`\n${missingLines.join('\n')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
