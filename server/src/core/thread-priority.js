'use strict';
// Plain CommonJS: the model engines' worker threads (modules/vision/local/workers) load it
// directly, where no TypeScript loader runs; the API and worker processes import it too.
const { readdirSync, readlinkSync } = require('node:fs');
const { getPriority, setPriority } = require('node:os');

/**
 * Lowers the threads `threadIds()` names to `nice` (0–19; 0 leaves them alone), never raising
 * one: a thread already below (a model thread of a worker process at WORKER_NICE 15, say) keeps
 * its priority. On Linux setpriority takes a thread id; elsewhere (no /proc) nothing changes.
 * Returns whether it was applied.
 * @param {() => number[]} threadIds
 * @param {number} nice
 * @returns {boolean}
 */
function lowerPriorityOf(threadIds, nice) {
  if (!Number.isInteger(nice) || nice <= 0) return false;
  try {
    for (const id of threadIds()) if (nice > getPriority(id)) setPriority(id, Math.min(19, nice));
    return true;
  } catch {
    return false;
  }
}

/**
 * Lowers every thread of this process to `nice`. A thread starts with its creator's priority, so
 * threads started later (libuv's pool, libvips, model threads) inherit it from the main thread.
 * @param {number} nice
 * @returns {boolean}
 */
function lowerProcessPriority(nice) {
  return lowerPriorityOf(() => readdirSync('/proc/self/task').map(Number), nice);
}

/**
 * Lowers the calling thread to `nice` (a model thread, before its engine starts the threads that
 * inherit it).
 * @param {number} nice
 * @returns {boolean}
 */
function lowerThisThreadPriority(nice) {
  return lowerPriorityOf(() => [Number(readlinkSync('/proc/thread-self').split('/').pop())], nice);
}

module.exports = { lowerProcessPriority, lowerThisThreadPriority };
