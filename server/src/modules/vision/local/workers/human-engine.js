'use strict';
/**
 * Faces, body pose, COCO objects, person masks and detector-based labels with Human 3.3
 * (@vladmandic/human) on TensorFlow.js/WASM. Models: BlazeFace + FaceMesh, MoveNet Lightning and
 * CenterNet ship inside the Human package; the MediaPipe Selfie segmentation model is copied into
 * local/models (see its README). Coordinates are pixels of the image this engine was given.
 */
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const sharp = require('sharp');
const files = require('./model-files');
const { installFileFetch } = require('./file-fetch');
const { tfjsOnWasm } = require('./tfjs-setup');
const { createLoadTracker } = require('./engine-timing');
const { rgbPixels } = require('./image-pixels');

/** CenterNet's own floor: anything lower is noise; callers filter higher with minScore. */
const OBJECT_FLOOR = 0.05;
/** A person detection must be at least this sure before its silhouette becomes an instance. */
const PERSON_SEED_SCORE = 0.3;
/** BlazeFace detections below this are mostly false positives (a rocket's window, a cat). */
const FACE_DETECTOR_FLOOR = 0.5;
/** Selfie mask values (0..255) at or above this count as "person". */
const MASK_THRESHOLD = 128;
/** A person box whose silhouette covers less than this share of it holds no usable mask. */
const MIN_MASK_COVERAGE = 0.05;

/** COCO order; the same as COCO_KEYPOINTS in result-mapping.ts, which holds every provider to it. */
const POSE_KEYPOINTS = [
  'nose', 'leftEye', 'rightEye', 'leftEar', 'rightEar', 'leftShoulder', 'rightShoulder', 'leftElbow',
  'rightElbow', 'leftWrist', 'rightWrist', 'leftHip', 'rightHip', 'leftKnee', 'rightKnee', 'leftAnkle', 'rightAnkle',
];

/** Named face landmarks, each the centre of FaceMesh annotation groups (MediaPipe naming: subject's left/right). */
const FACE_LANDMARKS = [
  ['leftEye', ['leftEyeUpper0', 'leftEyeLower0']],
  ['rightEye', ['rightEyeUpper0', 'rightEyeLower0']],
  ['noseTip', ['noseTip']],
  ['mouth', ['lipsUpperInner', 'lipsLowerInner']],
];

/** Per feature: the Human sections it enables and the models (Human's names) those load. */
const SECTIONS = {
  FACE_DETECTION: { models: ['blazeface', 'facemesh'], face: true },
  POSE_ESTIMATION: { models: ['movenet'], body: true },
  OBJECT_DETECTION: { models: ['centernet'], object: true },
  GENERAL_CLASSIFICATION: { models: ['centernet'], object: true },
  INSTANCE_SEGMENTATION: { models: ['centernet', 'selfie'], object: true, segmentation: true },
};

function baseConfig() {
  const off = { enabled: false };
  return {
    backend: 'wasm',
    wasmPath: files.tfjsWasmDir(),
    modelBasePath: pathToFileURL(files.humanModelsDir()).href + '/',
    cacheModels: false,
    validateModels: false,
    debug: false,
    warmup: 'none',
    async: true,
    // Every call is a new, unrelated image: no frame-to-frame caching or skipping.
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: { enabled: false },
    gesture: off,
    hand: off,
    face: {
      enabled: false,
      detector: { modelPath: 'blazeface.json', rotation: false, maxDetected: 20, minConfidence: FACE_DETECTOR_FLOOR, return: false },
      mesh: { enabled: true, modelPath: 'facemesh.json' },
      attention: off,
      iris: off,
      emotion: off,
      description: off,
      antispoof: off,
      liveness: off,
    },
    // minConfidence -1 keeps every keypoint MoveNet scores; the pose's own score tells how sure it is.
    body: { enabled: false, modelPath: 'movenet-lightning.json', maxDetected: 1, minConfidence: -1 },
    object: { enabled: false, modelPath: 'centernet.json', minConfidence: OBJECT_FLOOR, iouThreshold: 0.4, maxDetected: 50 },
    segmentation: {
      enabled: false,
      modelPath: pathToFileURL(path.join(files.repoModelsDir(), 'selfie.json')).href,
      mode: 'alpha',
    },
  };
}

/** Human merges every config it is given into its own, so each call states every section. */
function sectionsFor(feature) {
  const sections = SECTIONS[feature];
  if (!sections) throw new Error(`the human engine does not serve ${feature}`);
  return {
    face: { enabled: !!sections.face },
    body: { enabled: !!sections.body },
    object: { enabled: !!sections.object },
    segmentation: { enabled: !!sections.segmentation },
  };
}

const round = (value, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;

function clampBox([x, y, width, height], imageWidth, imageHeight) {
  const x0 = Math.max(0, Math.min(imageWidth, x));
  const y0 = Math.max(0, Math.min(imageHeight, y));
  const x1 = Math.max(x0, Math.min(imageWidth, x + width));
  const y1 = Math.max(y0, Math.min(imageHeight, y + height));
  return { x: Math.round(x0), y: Math.round(y0), width: Math.round(x1 - x0), height: Math.round(y1 - y0) };
}

function centre(points) {
  const sum = points.reduce((acc, [x, y]) => [acc[0] + x, acc[1] + y], [0, 0]);
  return { x: round(sum[0] / points.length, 1), y: round(sum[1] / points.length, 1) };
}

function createHumanEngine() {
  const tracker = createLoadTracker();
  let tf;

  const human = () =>
    tracker.once('tfjs-wasm+human', async () => {
      installFileFetch();
      tf = await tfjsOnWasm();
      const { Human } = require(files.humanWasmBuild());
      const instance = new Human(baseConfig());
      await instance.init();
      return instance;
    });

  async function load(feature) {
    const instance = await human();
    const sections = sectionsFor(feature);
    const models = SECTIONS[feature].models;
    await tracker.once(models.join('+'), async () => {
      await instance.load(sections);
      // Human logs a failed load and carries on; a missing model must fail the job instead.
      const missing = models.filter((name) => !instance.models.models[name]);
      if (missing.length) throw new Error(`model(s) failed to load: ${missing.join(', ')}`);
    });
    return instance;
  }

  function toTensor(image) {
    const pixels = rgbPixels(image);
    return tf.tidy(() => tf.cast(tf.tensor4d(pixels, [1, image.height, image.width, 3], 'int32'), 'float32'));
  }

  async function detect(instance, feature, tensor) {
    const result = await instance.detect(tensor, sectionsFor(feature));
    if (result.error) throw new Error(`human: ${result.error}`);
    return result;
  }

  function objectsOf(result, image) {
    return result.object.map((o) => ({ label: o.label, score: round(o.score), box: clampBox(o.box, image.width, image.height) }));
  }

  async function faces(instance, tensor, image) {
    const result = await detect(instance, 'FACE_DETECTION', tensor);
    return {
      faces: result.face.map((face) => {
        // The detector says "there is a face here", the mesh "this crop looks like a face":
        // either one doubting makes the face doubtful.
        const score = round(Math.min(face.boxScore ?? face.score, face.faceScore ?? face.score));
        const landmarks = [];
        for (const [name, groups] of FACE_LANDMARKS) {
          const points = groups.flatMap((group) => face.annotations[group] ?? []);
          if (points.length) landmarks.push({ name, ...centre(points), score });
        }
        const lips = face.annotations.lipsUpperOuter;
        if (lips?.length) {
          landmarks.push({ name: 'mouthRight', ...centre([lips[0]]), score });
          landmarks.push({ name: 'mouthLeft', ...centre([lips[lips.length - 1]]), score });
        }
        return { score, box: clampBox(face.box, image.width, image.height), landmarks };
      }),
    };
  }

  async function poses(instance, tensor, image) {
    const result = await detect(instance, 'POSE_ESTIMATION', tensor);
    return {
      poses: result.body.map((body) => {
        const byName = new Map(body.keypoints.map((k) => [k.part, k]));
        // Always the 17 COCO keypoints: Human drops ones it finds implausible (a knee above its
        // shoulder); such a keypoint was not found, so it answers score 0 (its x, y mean nothing).
        const keypoints = POSE_KEYPOINTS.map((name) => {
          const k = byName.get(name);
          if (!k) return { name, x: 0, y: 0, score: 0 };
          return {
            name,
            x: round(Math.max(0, Math.min(image.width, k.position[0])), 1),
            y: round(Math.max(0, Math.min(image.height, k.position[1])), 1),
            score: round(k.score),
          };
        });
        // Human scores a pose by its best keypoint; the mean over all 17 says more about the whole body.
        const score = round(keypoints.reduce((s, k) => s + k.score, 0) / keypoints.length);
        return { score, keypoints };
      }),
    };
  }

  async function labels(instance, tensor, image) {
    const objects = objectsOf(await detect(instance, 'GENERAL_CLASSIFICATION', tensor), image);
    // Noisy-or: a label seen by several detections is likelier present than by its best one alone.
    const missed = new Map();
    for (const o of objects) missed.set(o.label, (missed.get(o.label) ?? 1) * (1 - o.score));
    return {
      labels: [...missed].map(([label, miss]) => ({ label, score: round(1 - miss) })).sort((a, b) => b.score - a.score),
    };
  }

  async function instances(instance, tensor, image) {
    const persons = objectsOf(await detect(instance, 'INSTANCE_SEGMENTATION', tensor), image).filter(
      (o) => o.label === 'person' && o.score >= PERSON_SEED_SCORE,
    );
    if (!persons.length) return { instances: [] };
    const alphaTensor = await instance.segmentation(tensor, { segmentation: { enabled: true, mode: 'alpha' } });
    if (!alphaTensor) throw new Error('human: segmentation returned nothing');
    const alpha = await alphaTensor.data();
    tf.dispose(alphaTensor);
    const { width, height } = image;
    const result = [];
    // The selfie model segments "people" as one silhouette; each person box cuts its own part out.
    for (const person of persons) {
      const mask = Buffer.alloc(width * height);
      let covered = 0;
      for (let y = person.box.y; y < person.box.y + person.box.height; y++) {
        for (let x = person.box.x; x < person.box.x + person.box.width; x++) {
          const i = y * width + x;
          if (alpha[i] >= MASK_THRESHOLD) {
            mask[i] = 255;
            covered++;
          }
        }
      }
      if (covered < MIN_MASK_COVERAGE * person.box.width * person.box.height) continue;
      const png = await sharp(mask, { raw: { width, height, channels: 1 } }).png().toBuffer();
      result.push({ label: 'person', score: person.score, box: person.box, maskPng: png.toString('base64') });
    }
    return { instances: result };
  }

  const handlers = {
    FACE_DETECTION: faces,
    POSE_ESTIMATION: poses,
    OBJECT_DETECTION: async (instance, tensor, image) => ({ objects: objectsOf(await detect(instance, 'OBJECT_DETECTION', tensor), image) }),
    GENERAL_CLASSIFICATION: labels,
    INSTANCE_SEGMENTATION: instances,
  };

  return {
    features: Object.keys(handlers),
    tracker,
    load,
    async run(feature, image) {
      const instance = await load(feature);
      const tensor = toTensor(image);
      try {
        return await handlers[feature](instance, tensor, image);
      } finally {
        tf.dispose(tensor);
      }
    },
  };
}

module.exports = { createHumanEngine };
