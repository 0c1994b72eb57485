import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers every thread of this process to `nice` (0–19; 0 leaves it alone). On Linux
 * setpriority takes a thread id, and a thread starts with its creator's priority, so threads
 * started later (libuv's pool, libvips, model threads) inherit it from the main thread. Returns
 * whether it was applied: elsewhere the process keeps its priority.
 */
export function lowerProcessPriority(nice: number): boolean {
  if (!Number.isInteger(nice) || nice <= 0) return false;
  try {
    for (const id of readdirSync('/proc/self/task')) {
      // Only ever lower: a thread already below it keeps its priority.
      if (nice > getPriority(Number(id))) setPriority(Number(id), Math.min(19, nice));
    }
    return true;
  } catch {
    return false;
  }
}
