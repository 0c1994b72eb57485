/**
 * Waits for `work` to settle, but for `ms` at the most (then resolves without it; `work` goes on).
 * Rejects if `work` rejects first. Leaves no timer behind.
 */
export async function withTimeLimit(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
