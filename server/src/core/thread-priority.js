'use strict';
// Plain CommonJS: the model engines' worker threads (modules/vision/local/workers) load it
// directly, where no TypeScript loader runs; the API and worker processes import it too.
const { readdirSync, readlinkSync } = require('node:fs');
const { getPriority, setPriority } = require('node:os');

/**
 * Lowers one thread to `nice` (0–19; 0 leaves it alone), never raising it: a thread already
 * below (a model thread of a worker process at WORKER_NICE 15, say) keeps its priority. On Linux
 * setpriority takes a thread id.
 * @param {number} threadId
 * @param {number} nice
 */
function lowerThreadPriority(threadId, nice) {
  if (nice > getPriority(threadId)) setPriority(threadId, Math.min(19, nice));
}

/**
 * Lowers every thread of this process to `nice`. A thread starts with its creator's priority, so
 * threads started later (libuv's pool, libvips, model threads) inherit it from the main thread.
 * Returns whether it was applied: elsewhere than Linux the process keeps its priority.
 * @param {number} nice
 * @returns {boolean}
 */
function lowerProcessPriority(nice) {
  if (!Number.isInteger(nice) || nice <= 0) return false;
  try {
    for (const id of readdirSync('/proc/self/task')) lowerThreadPriority(Number(id), nice);
    return true;
  } catch {
    return false;
  }
}

/**
 * Lowers the calling thread to `nice` (a model thread, before its engine starts the threads that
 * inherit it). Returns whether it was applied.
 * @param {number} nice
 * @returns {boolean}
 */
function lowerThisThreadPriority(nice) {
  if (!Number.isInteger(nice) || nice <= 0) return false;
  try {
    lowerThreadPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), nice);
    return true;
  } catch {
    return false;
  }
}

module.exports = { lowerProcessPriority, lowerThisThreadPriority };
