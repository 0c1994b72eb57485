'use strict';
/**
 * Entry of a model worker thread: one engine (workerData.engine), one request at a time.
 * Protocol (same as core/worker-pool.ts): {id, payload} in, {id, result} or {id, error} out.
 * Plain CommonJS on purpose: jest cannot run TypeScript inside a Worker, and tsc copies .js to dist.
 */
const { parentPort, workerData } = require('node:worker_threads');
const { createEngine, handle } = require('./engines');

/**
 * Lowers this thread's priority before the engine starts its own threads (they inherit it). On
 * Linux a thread's id is a valid target of setpriority; elsewhere the thread keeps the process's.
 */
function lowerPriority(nice) {
  if (!Number.isInteger(nice) || nice <= 0) return;
  try {
    const os = require('node:os');
    const threadId = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    // Only ever lower: in a worker process already at WORKER_NICE 15, LOCAL_ENGINE_NICE 10 must not raise it.
    if (nice > os.getPriority(threadId)) os.setPriority(threadId, Math.min(19, nice));
  } catch {
    // not Linux: the process's priority
  }
}

lowerPriority(workerData.nice);
const engine = createEngine(workerData.engine);

parentPort.on('message', async ({ id, payload }) => {
  try {
    parentPort.postMessage({ id, result: await handle(engine, payload) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.stack || error.message : String(error) });
  }
});
