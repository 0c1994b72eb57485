import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../core/config';
import { MAP_PATH, checkMap, renderMap, scanTests } from '../modules/privacy-promises/promise-map';

/**
 * Writes docs/privacy-promises.md from the promise catalogue and the promise(…) tests.
 * --check: writes nothing; exits 1 when a software promise has no test, a test names an unknown promise,
 * or the committed map differs from what would be written.
 */
function main(): number {
  const target = path.join(REPO_ROOT, MAP_PATH);
  if (process.argv.includes('--check')) {
    const problems = checkMap(REPO_ROOT, existsSync(target) ? readFileSync(target, 'utf8') : null);
    if (problems.length) {
      console.error(`privacy promises:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      return 1;
    }
    console.log('privacy promises: every software promise has a test and the map is current');
    return 0;
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, renderMap(scanTests(REPO_ROOT)));
  console.log(`wrote ${MAP_PATH}`);
  return 0;
}

process.exit(main());
