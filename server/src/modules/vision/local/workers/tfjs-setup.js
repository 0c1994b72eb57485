'use strict';
/**
 * TensorFlow.js on its WebAssembly backend, the one CPU backend that needs no native download
 * (@tensorflow/tfjs-node fetches a binary at install). The .wasm binaries ship in the package and
 * are read from disk. Shared by the Human and NSFW engines (one tfjs per worker thread).
 */
const files = require('./model-files');

let ready;

function tfjsOnWasm() {
  if (!ready) {
    ready = (async () => {
      const tf = require('@tensorflow/tfjs');
      const wasm = require('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(files.tfjsWasmDir());
      await tf.setBackend('wasm');
      await tf.ready();
      tf.enableProdMode();
      return tf;
    })();
  }
  return ready;
}

module.exports = { tfjsOnWasm };
