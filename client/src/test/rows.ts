import { screen } from '@testing-library/react';
import { expect } from 'vitest';

/** Waits for the one table row with `testId` (a DataTable's rowTestId), checks it shows each of `texts`, and returns it for more checks. */
export async function findRowShowing(testId: string, ...texts: string[]): Promise<HTMLElement> {
  const row = await screen.findByTestId(testId);
  for (const text of texts) expect(row).toHaveTextContent(text);
  return row;
}
