import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The test photographs kept in this repository (server/test/fixtures/images; its README says what
 * each shows and under which licence). The same depth from src/ and dist/.
 */
export const FIXTURE_IMAGES = path.resolve(__dirname, '../../../../test/fixtures/images');

export function fixtureImage(name: string): Buffer {
  return readFileSync(path.join(FIXTURE_IMAGES, name));
}
