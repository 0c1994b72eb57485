'use strict';
/**
 * Entry of a model worker thread: one engine (workerData.engine), one request at a time.
 * Protocol (same as core/worker-pool.ts): {id, payload} in, {id, result} or {id, error} out.
 * Plain CommonJS on purpose: jest cannot run TypeScript inside a Worker, and tsc copies .js to dist.
 */
const { parentPort, workerData } = require('node:worker_threads');
const { createEngine, handle } = require('./engines');
const { lowerThisThreadPriority } = require('../../../../core/thread-priority');

// Before the engine starts its own threads: they inherit this thread's priority.
lowerThisThreadPriority(workerData.nice);
const engine = createEngine(workerData.engine);

parentPort.on('message', async ({ id, payload }) => {
  try {
    parentPort.postMessage({ id, result: await handle(engine, payload) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.stack || error.message : String(error) });
  }
});
