import { readFileSync } from 'node:fs';
import path from 'node:path';

/** shared/fixtures/images beside the repository (see its README for what each photo shows). */
export const FIXTURE_IMAGES = path.resolve(__dirname, '../../../../../../shared/fixtures/images');

export function fixtureImage(name: string): Buffer {
  return readFileSync(path.join(FIXTURE_IMAGES, name));
}
