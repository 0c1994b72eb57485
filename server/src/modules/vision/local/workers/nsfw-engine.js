'use strict';
/**
 * NSFW classification with nsfwjs 4 and its bundled MobileNetV2 model (five classes: Drawing,
 * Hentai, Neutral, Porn, Sexy; probabilities sum to 1). InceptionV3 is more accurate but takes
 * ~50 s to load on these machines, so it is not used.
 *
 * The model is read here rather than by nsfwjs.load('MobileNetV2'): nsfwjs wraps the 3.5 MB
 * base64 weight string with __importStar, which copies one property per character and takes
 * ~7 s; parsing the same bundle directly takes ~70 ms.
 */
const path = require('node:path');
const files = require('./model-files');
const { tfjsOnWasm } = require('./tfjs-setup');
const { oneFeatureEngine } = require('./one-feature-engine');
const { rgbPixels } = require('./image-pixels');

const IMAGE_SIZE = 224;

function bundledModelHandler(tf) {
  const dir = files.nsfwModelDir();
  const modelJson = require(path.join(dir, 'model.min.js'));
  const weightData = [];
  const weightSpecs = [];
  for (const group of modelJson.weightsManifest) {
    for (const shard of group.paths) {
      const base64 = require(path.join(dir, `${shard}.min.js`));
      if (typeof base64 !== 'string') throw new Error(`nsfwjs weight bundle ${shard} is not a base64 string`);
      weightData.push(Buffer.from(base64, 'base64'));
    }
    weightSpecs.push(...group.weights);
  }
  const weights = Buffer.concat(weightData);
  return tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  });
}

function createNsfwEngine() {
  let tf;
  return oneFeatureEngine({
    name: 'nsfw',
    feature: 'NSFW_CLASSIFICATION',
    model: 'tfjs-wasm+nsfwjs-mobilenet_v2',
    async load() {
      tf = await tfjsOnWasm();
      const nsfwjs = require('nsfwjs');
      return nsfwjs.load(bundledModelHandler(tf), { size: IMAGE_SIZE });
    },
    async infer(classifier, image) {
      const tensor = tf.tensor3d(rgbPixels(image), [image.height, image.width, 3], 'int32');
      try {
        const predictions = await classifier.classify(tensor, 5);
        return {
          labels: predictions.map((p) => ({ label: p.className, score: Math.round(p.probability * 1e4) / 1e4 })),
        };
      } finally {
        tf.dispose(tensor);
      }
    },
  });
}

module.exports = { createNsfwEngine };
