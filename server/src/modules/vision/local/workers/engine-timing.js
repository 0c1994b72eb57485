'use strict';
/** Remembers how long each model took to load, so callers can report load time apart from inference. */
function createLoadTracker() {
  const loaded = new Map();
  const pending = new Map();
  let sinceLastTake = {};
  return {
    /** Runs `load` once per name; later calls get the same promise. */
    once(name, load) {
      if (!pending.has(name)) {
        const started = performance.now();
        pending.set(
          name,
          Promise.resolve()
            .then(load)
            .then(
              (value) => {
                const ms = Math.round(performance.now() - started);
                loaded.set(name, ms);
                sinceLastTake[name] = ms;
                return value;
              },
              (error) => {
                pending.delete(name); // a failed load may be retried by the next job
                throw error;
              },
            ),
        );
      }
      return pending.get(name);
    },
    /** Load times (ms) of the models loaded since the previous call. */
    take() {
      const taken = sinceLastTake;
      sinceLastTake = {};
      return taken;
    },
    all() {
      return Object.fromEntries(loaded);
    },
  };
}

module.exports = { createLoadTracker };
