'use strict';
/**
 * Background removal with @imgly/background-removal-node 1.4 (ISNet, "medium" ONNX model shipped
 * in the package, run by onnxruntime-node's CPU binary). The library is given raw RGBA pixels and
 * asked for raw RGBA back: its own PNG output uses sharp's palette quantisation (lossy), so the
 * cut-out is encoded here, losslessly.
 */
const { pathToFileURL } = require('node:url');
const sharp = require('sharp');
const files = require('./model-files');
const { oneFeatureEngine } = require('./one-feature-engine');
const { rgbPixels } = require('./image-pixels');

/** "medium" is both better and, on these CPUs, faster than the quantised "small" (3.2 s vs 5 s). */
const MODEL = 'medium';

/**
 * The library creates its ONNX session with onnxruntime's default thread pools, whose threads
 * busy-spin while waiting for work: on 2 cores they compete with the server's own thread and the
 * other engines. Without spinning, measured here: latency about the same on a quiet machine
 * (2.4–3.6 s vs 2.9–4.1 s), and under heavy load (load average 10) clearly better (no spin:
 * 8.7–13 s, sequential execution included, vs 16–19 s). The library calls
 * InferenceSession.create on the same onnxruntime-node module, so wrapping it once in this
 * worker changes only these options.
 */
const CALM_SESSION_OPTIONS = {
  extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
};

/**
 * onnxruntime's intra-op pool defaults to one thread per core in every session: with
 * LOCAL_ENGINE_THREADS engine threads (workerData.siblings) that would put cores² threads on
 * the cores, so each session gets its share.
 */
function intraOpThreads() {
  const { workerData } = require('node:worker_threads');
  const siblings = Math.max(1, (workerData && workerData.siblings) || 1);
  return Math.max(1, Math.floor(require('node:os').availableParallelism() / siblings));
}

let sessionOptionsPatched = false;
function calmOnnxSessions() {
  if (sessionOptionsPatched) return;
  sessionOptionsPatched = true;
  const { InferenceSession } = require('onnxruntime-node');
  const create = InferenceSession.create;
  InferenceSession.create = function createCalm(model, options, ...rest) {
    return create.call(this, model, { ...options, ...CALM_SESSION_OPTIONS, intraOpNumThreads: intraOpThreads() }, ...rest);
  };
}

function createBackgroundEngine() {
  let library;
  const config = () => ({
    publicPath: pathToFileURL(files.backgroundRemovalDir()).href + '/',
    model: MODEL,
    output: { format: 'image/x-rgba8' },
  });

  async function cutOut(rgb, width, height) {
    const rgba = Buffer.alloc(width * height * 4);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgba[j] = rgb[i];
      rgba[j + 1] = rgb[i + 1];
      rgba[j + 2] = rgb[i + 2];
      rgba[j + 3] = 255;
    }
    const blob = new Blob([rgba], { type: `image/x-rgba8;width=${width};height=${height}` });
    const out = await library.removeBackground(blob, config());
    return Buffer.from(await out.arrayBuffer());
  }

  return oneFeatureEngine({
    name: 'background',
    feature: 'BACKGROUND_REMOVAL',
    model: `imgly-isnet-${MODEL}`,
    // The library creates its ONNX session inside its first call; a tiny image makes that call.
    async load() {
      calmOnnxSessions();
      library = require('@imgly/background-removal-node');
      await cutOut(Buffer.alloc(16 * 16 * 3, 128), 16, 16);
    },
    async infer(_loaded, image) {
      const { width, height } = image;
      const rgba = await cutOut(rgbPixels(image), width, height);
      if (rgba.length !== width * height * 4) throw new Error('background removal returned an image of another size');
      const png = await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();
      return { image: { pngBase64: png.toString('base64'), width, height } };
    },
  });
}

module.exports = { createBackgroundEngine };
