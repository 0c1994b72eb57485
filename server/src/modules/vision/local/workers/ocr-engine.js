'use strict';
/**
 * Text recognition with tesseract.js 7 (LSTM engine) and the English model shipped in
 * @tesseract.js-data/eng. Nothing is downloaded and nothing is written to disk: langPath points
 * at the package's folder and cacheMethod 'none' stops tesseract.js from writing its
 * traineddata cache (it would otherwise write eng.traineddata into the working directory). The
 * image travels as bytes into tesseract's in-memory (Emscripten MEMFS) file system.
 *
 * tesseract.js runs its own worker thread; this engine lives in a model worker too, so the
 * bounded queue and close() treat it like every other engine.
 */
const Tesseract = require('tesseract.js');
const files = require('./model-files');
const { oneFeatureEngine } = require('./one-feature-engine');

const round = (value) => Math.round(value * 1e4) / 1e4;

function polygonOf({ x0, y0, x1, y1 }) {
  return [
    { x: x0, y: y0 },
    { x: x1, y: y0 },
    { x: x1, y: y1 },
    { x: x0, y: y1 },
  ];
}

function createOcrEngine() {
  return oneFeatureEngine({
    name: 'ocr',
    feature: 'TEXT_RECOGNITION',
    model: 'tesseract-eng',
    async load() {
      const tesseract = await Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
        langPath: files.tesseractLangDir(),
        gzip: true,
        cacheMethod: 'none',
        logger: () => {},
        errorHandler: () => {}, // errors reject the job's promise; this only silences the console
      });
      // Photos rarely carry a usable DPI; say what tesseract would assume, without its warning.
      await tesseract.setParameters({ user_defined_dpi: '70' });
      return tesseract;
    },
    async infer(tesseract, image) {
      const bytes = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
      const { data } = await tesseract.recognize(bytes, {}, { text: false, blocks: true });
      const texts = [];
      // One entry per line: words alone lose reading order, whole blocks lose position.
      for (const block of data.blocks ?? []) {
        for (const paragraph of block.paragraphs) {
          for (const line of paragraph.lines) {
            const text = line.text.replace(/\s+/g, ' ').trim();
            if (text) texts.push({ text, score: round(line.confidence / 100), polygon: polygonOf(line.bbox) });
          }
        }
      }
      return { texts };
    },
    close: (tesseract) => tesseract.terminate(),
  });
}

module.exports = { createOcrEngine };
