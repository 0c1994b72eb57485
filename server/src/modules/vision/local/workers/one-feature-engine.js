'use strict';
/**
 * What the engines serving a single feature with one model share: the model is loaded once
 * (its load time tracked under `model`), a request for another feature is refused, and `close`,
 * when given, releases a model that was loaded.
 */
const { createLoadTracker } = require('./engine-timing');

/**
 * @param {object} spec
 * @param {string} spec.name the engine's name, as its refusals say it
 * @param {string} spec.feature the one feature it serves
 * @param {string} spec.model the model's name in the load times
 * @param {() => Promise<unknown>} spec.load loads the model (once)
 * @param {(model: unknown, image: object) => Promise<object>} spec.infer the feature's output for an image
 * @param {(model: unknown) => Promise<void>} [spec.close] releases the loaded model
 */
function oneFeatureEngine({ name, feature, model: modelName, load, infer, close }) {
  const tracker = createLoadTracker();
  const model = () => tracker.once(modelName, load);
  const engine = {
    features: [feature],
    tracker,
    load: model,
    async run(requested, image) {
      if (requested !== feature) throw new Error(`the ${name} engine does not serve ${requested}`);
      return infer(await model(), image);
    },
  };
  if (close) {
    engine.close = async () => {
      if (tracker.all()[modelName] !== undefined) await close(await model());
    };
  }
  return engine;
}

module.exports = { oneFeatureEngine };
