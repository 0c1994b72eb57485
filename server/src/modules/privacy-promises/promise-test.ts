import { findPromise } from './promises';

/**
 * A jest test that proves one or more privacy promises:
 *   promise('001-1.4-token-limit', 'allows 10 tokens', async () => …)
 *   promise(['001-8-access', '000-6-export'], 'exports everything', async () => …)
 * The id ties the test to the catalogue (promises.ts) and to docs/privacy-promises.md; an unknown id throws
 * while the test file loads, so a typo cannot silently leave a promise unproven.
 * scripts/privacy-promises.ts reads these calls statically: keep ids and the title as string literals.
 */
export function promise(ids: string | readonly string[], title: string, fn: jest.ProvidesCallback, timeout?: number): void {
  const list = typeof ids === 'string' ? [ids] : ids;
  if (list.length === 0) throw new Error(`promise("${title}") names no privacy promise`);
  for (const id of list) {
    if (!findPromise(id)) throw new Error(`unknown privacy promise "${id}" (see privacy-promises/promises.ts)`);
  }
  it(`[promise ${list.join(', ')}] ${title}`, fn, timeout);
}
