import { execFile } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { AppError, ErrorCode } from '../../../core/errors';
import { PreparedImage, VisionFeature, VisionResult } from '../vision.types';
import { applyOptions, LocalVisionProvider } from './local-provider';
import { fixture, LOCAL_FIXTURES, prepareForTest } from './test-image';
import { threadNices } from '../../../test/thread-nices';

/**
 * The runtime rules of the local provider: bounded queue (BUSY), cancellation, crashes, close(),
 * lazy loading once per process, and an event loop that stays free while models run.
 */
jest.setTimeout(120_000);

const SCRIPTED_WORKER = path.join(LOCAL_FIXTURES, 'scripted-worker.js');
const INLINE_STALL = path.join(LOCAL_FIXTURES, 'inline-stall.js');
const execFileAsync = promisify(execFile);
const signal = () => new AbortController().signal;

/** The scripted worker answers after `width` ms; 13 makes it crash and 17 makes it fail. */
function scriptedImage(width: number): PreparedImage {
  return { data: Buffer.alloc(1), mime: 'image/png', width, height: 1, rgb: Buffer.alloc(width * 3), scale: 1 };
}

function codeOf(error: unknown): unknown {
  return error instanceof AppError ? error.extensions.code : error;
}

/** Longest event-loop stall (ms) while `work` runs, sampled every 10 ms. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    await work();
    // A stall is recorded when the monitor's timer finally runs: give it that turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    histogram.disable();
  }
  return histogram.max / 1e6;
}

describe('local provider queue (scripted worker)', () => {
  const providers: LocalVisionProvider[] = [];
  const scripted = (queueLimit: number) => {
    const provider = new LocalVisionProvider({ queueLimit, workerScript: SCRIPTED_WORKER });
    providers.push(provider);
    return provider;
  };
  afterAll(() => Promise.all(providers.map((p) => p.close())));

  it('answers BUSY at once when the queue is full, and still serves the requests it took', async () => {
    const provider = scripted(1);
    const feature = VisionFeature.NSFW_CLASSIFICATION;
    const running = provider.analyze(feature, scriptedImage(300), {}, signal());
    const waiting = provider.analyze(feature, scriptedImage(20), {}, signal());
    const refusedAt = Date.now();
    const refused = await provider.analyze(feature, scriptedImage(20), {}, signal()).catch((e: unknown) => e);
    expect(codeOf(refused)).toBe(ErrorCode.BUSY);
    expect(Date.now() - refusedAt).toBeLessThan(100); // refused without waiting for the queue
    expect((await running).labels![0].label).toBe('served 300');
    expect((await waiting).labels![0].label).toBe('served 20');
    // Room again once the queue drained.
    expect((await provider.analyze(feature, scriptedImage(5), {}, signal())).labels![0].label).toBe('served 5');
  });

  it('queues per engine: a busy OCR queue does not refuse faces', async () => {
    const provider = scripted(0);
    const ocr = provider.analyze(VisionFeature.TEXT_RECOGNITION, scriptedImage(200), {}, signal());
    const moreOcr = await provider.analyze(VisionFeature.TEXT_RECOGNITION, scriptedImage(5), {}, signal()).catch((e: unknown) => e);
    expect(codeOf(moreOcr)).toBe(ErrorCode.BUSY);
    const faces = await provider.analyze(VisionFeature.FACE_DETECTION, scriptedImage(5), {}, signal());
    expect(faces.labels![0].label).toBe('served 5');
    await ocr;
  });

  it('drops an aborted request from the queue; an aborted running one no longer waits', async () => {
    const provider = scripted(4);
    const feature = VisionFeature.OBJECT_DETECTION;
    const runningAbort = new AbortController();
    const waitingAbort = new AbortController();
    const running = provider.analyze(feature, scriptedImage(400), {}, runningAbort.signal).catch((e: unknown) => e);
    const waiting = provider.analyze(feature, scriptedImage(30), {}, waitingAbort.signal).catch((e: unknown) => e);
    const next = provider.analyze(feature, scriptedImage(10), {}, signal());
    const started = Date.now();
    waitingAbort.abort(new Error('client went away'));
    runningAbort.abort(new Error('time limit'));
    expect(((await running) as Error).message).toBe('time limit');
    expect(((await waiting) as Error).message).toBe('client went away');
    expect(Date.now() - started).toBeLessThan(200);
    // The aborted job still occupies the worker until it finishes; the next one is served after.
    expect((await next).labels![0].label).toBe('served 10');
  });

  it('turns a crashed worker into PROVIDER_ERROR and starts a new one for the next request', async () => {
    const provider = scripted(4);
    const feature = VisionFeature.POSE_ESTIMATION;
    const crashed = await provider.analyze(feature, scriptedImage(13), {}, signal()).catch((e: unknown) => e);
    expect(codeOf(crashed)).toBe(ErrorCode.PROVIDER_ERROR);
    expect((await provider.analyze(feature, scriptedImage(5), {}, signal())).labels![0].label).toBe('served 5');
  });

  it('reports a failed request as PROVIDER_ERROR without the worker’s internals', async () => {
    const provider = scripted(4);
    const failed = await provider.analyze(VisionFeature.POSE_ESTIMATION, scriptedImage(17), {}, signal()).catch((e: unknown) => e);
    expect(codeOf(failed)).toBe(ErrorCode.PROVIDER_ERROR);
    expect((failed as Error).message).not.toMatch(/secret|stack|\//);
  });

  it('runs up to LOCAL_ENGINE_THREADS requests of one engine at once, starting a thread only when requests overlap', async () => {
    const provider = new LocalVisionProvider({ queueLimit: 0, workerScript: SCRIPTED_WORKER, threadsPerEngine: 2 });
    providers.push(provider);
    const feature = VisionFeature.OBJECT_DETECTION;
    // One request at a time keeps one thread (one copy of the models).
    for (const width of [5, 6]) expect((await provider.analyze(feature, scriptedImage(width), {}, signal())).labels![0].label).toBe(`served ${width}`);
    expect(provider.engineThreads()).toEqual({ human: 1, nsfw: 0, ocr: 0, background: 0 });
    // With no queue at all, two requests are taken only because both run at once; a third is refused.
    const first = provider.analyze(feature, scriptedImage(300), {}, signal());
    const second = provider.analyze(feature, scriptedImage(300), {}, signal());
    const third = await provider.analyze(feature, scriptedImage(5), {}, signal()).catch((e: unknown) => e);
    expect(codeOf(third)).toBe(ErrorCode.BUSY);
    expect(provider.engineThreads().human).toBe(2);
    expect((await first).labels![0].label).toBe('served 300');
    expect((await second).labels![0].label).toBe('served 300');
  });

  it('loads no model where the process runs no jobs (VISION_WORKERS=0), and still offers the features', async () => {
    const provider = new LocalVisionProvider({ queueLimit: 4, workerScript: SCRIPTED_WORKER, loadModels: false });
    providers.push(provider);
    expect(provider.availability(VisionFeature.FACE_DETECTION)).toEqual({ available: true });
    const refused = await provider.analyze(VisionFeature.FACE_DETECTION, scriptedImage(5), {}, signal()).catch((e: unknown) => e);
    expect(codeOf(refused)).toBe(ErrorCode.PROVIDER_ERROR);
    expect(provider.engineThreads()).toEqual({ human: 0, nsfw: 0, ocr: 0, background: 0 });
  });

  it('close() fails waiting requests and refuses new ones', async () => {
    const provider = scripted(4);
    const feature = VisionFeature.FACE_DETECTION;
    const running = provider.analyze(feature, scriptedImage(300), {}, signal()).catch((e: unknown) => e);
    const waiting = provider.analyze(feature, scriptedImage(5), {}, signal()).catch((e: unknown) => e);
    await provider.close();
    expect(codeOf(await running)).toBe(ErrorCode.PROVIDER_ERROR);
    expect(codeOf(await waiting)).toBe(ErrorCode.PROVIDER_ERROR);
    const after = await provider.analyze(feature, scriptedImage(5), {}, signal()).catch((e: unknown) => e);
    expect(codeOf(after)).toBe(ErrorCode.PROVIDER_ERROR);
  });
});

describe('local provider with real models', () => {
  const provider = new LocalVisionProvider({ queueLimit: 0 });
  let astronaut: PreparedImage;
  beforeAll(async () => {
    astronaut = await prepareForTest(fixture('astronaut.png'));
  });
  afterAll(() => provider.close());

  it('loads a model once, on first use, and reports its load time', async () => {
    const first = await provider.warm(VisionFeature.NSFW_CLASSIFICATION);
    expect(first.engine).toBe('nsfw');
    expect(first.loadMs).toBeGreaterThan(0);
    expect(Object.keys(first.loads)).toEqual(['tfjs-wasm+nsfwjs-mobilenet_v2']);
    const again = await provider.warm(VisionFeature.NSFW_CLASSIFICATION);
    expect(again.loadMs).toBe(0);
    expect(provider.modelLoadTimes()).toEqual(first.loads);
  });

  it('runs the model threads at LOCAL_ENGINE_NICE and leaves the process\'s own threads at their priority', async () => {
    const before = threadNices();
    const niced = new LocalVisionProvider({ queueLimit: 0, engineNice: 7 });
    try {
      await niced.warm(VisionFeature.FACE_DETECTION);
      const started = [...threadNices()].filter(([id]) => !before.has(id));
      expect(started.length).toBeGreaterThan(0);
      // The engine's thread (and any thread it starts) runs at 7; the process's own (libuv, V8) stay as they were.
      expect(started.filter(([, nice]) => nice === 7).length).toBeGreaterThan(0);
      expect([...before].filter(([, nice]) => nice === 7)).toEqual([]);
      expect(threadNices().get(process.pid)).toBe(before.get(process.pid));
    } finally {
      await niced.close();
    }
  });

  it('answers BUSY for real inference when the queue is full', async () => {
    const feature = VisionFeature.NSFW_CLASSIFICATION;
    const running = provider.analyze(feature, astronaut, {}, signal());
    const refused = await provider.analyze(feature, astronaut, {}, signal()).catch((e: unknown) => e);
    expect(codeOf(refused)).toBe(ErrorCode.BUSY);
    expect((await running).labels).toHaveLength(5);
  });

  it('keeps the event loop responsive while models load and run, unlike running them inline', async () => {
    const feature = VisionFeature.OBJECT_DETECTION; // its engine is not loaded yet in this file
    let cold: VisionResult = {};
    let warm: VisionResult = {};
    const coldStall = await longestStall(async () => {
      cold = await provider.analyze(feature, astronaut, {}, signal());
    });
    const warmStall = await longestStall(async () => {
      warm = await provider.analyze(feature, astronaut, {}, signal());
    });
    expect(cold.objects![0].label).toBe('person');
    expect(warm).toEqual(cold);

    // Control: the same engine and request on a process's main thread, as it would run without
    // workers. Loading and the first inference block that loop for a long time; this proves
    // the measurement sees stalls (a plain child process: jest's sandbox breaks tfjs).
    const { stdout } = await execFileAsync(process.execPath, [INLINE_STALL, 'human', feature, fixture('astronaut.png')], {
      timeout: 60_000,
    });
    const inline = JSON.parse(stdout) as { coldStallMs: number; warmStallMs: number; output: VisionResult };
    expect(applyOptions(feature, inline.output, {})).toEqual(cold); // same work, same answer
    expect(inline.coldStallMs).toBeGreaterThan(200);
    expect(coldStall).toBeLessThan(200);
    expect(warmStall).toBeLessThan(200);
  });
});
