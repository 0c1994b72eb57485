'use strict';
/**
 * The local model engines and the one request handler they share. A model worker thread runs
 * exactly one engine (engine-worker.js); the benchmark also runs an engine inline on the main
 * thread to measure what the worker saves.
 *
 * Requests: {op: 'run', feature, image: {width, height, rgb, data, mime}} → {output, loads, inferMs}
 *           {op: 'warm', feature} → {loads, firstRunMs}
 * `loads` maps each model loaded during the request to its load time in ms.
 */
const sharp = require('sharp');

const FACTORIES = {
  human: () => require('./human-engine').createHumanEngine(),
  nsfw: () => require('./nsfw-engine').createNsfwEngine(),
  ocr: () => require('./ocr-engine').createOcrEngine(),
  background: () => require('./background-engine').createBackgroundEngine(),
};

function createEngine(name) {
  const factory = FACTORIES[name];
  if (!factory) throw new Error(`unknown local engine "${name}"`);
  return factory();
}

/** A plain grey image for warm-up runs: it makes the first real request skip kernel set-up. */
async function warmUpImage() {
  const width = 64;
  const height = 64;
  const rgb = Buffer.alloc(width * height * 3, 128);
  const data = await sharp(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer();
  return { width, height, rgb, data, mime: 'image/png' };
}

async function handle(engine, payload) {
  if (!engine.features.includes(payload.feature)) throw new Error(`this engine does not serve ${payload.feature}`);
  if (payload.op === 'warm') {
    await engine.load(payload.feature);
    const loads = engine.tracker.take();
    const started = performance.now();
    await engine.run(payload.feature, await warmUpImage());
    return { loads, firstRunMs: Math.round(performance.now() - started) };
  }
  if (payload.op === 'run') {
    await engine.load(payload.feature);
    const loads = engine.tracker.take();
    const started = performance.now();
    const output = await engine.run(payload.feature, payload.image);
    return { output, loads, inferMs: Math.round(performance.now() - started) };
  }
  throw new Error(`unknown request "${payload.op}"`);
}

module.exports = { createEngine, handle, ENGINE_NAMES: Object.keys(FACTORIES) };
