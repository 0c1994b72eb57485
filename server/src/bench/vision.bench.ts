import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { LOCAL_ENGINE_OF, LocalEngine, LocalVisionProvider } from '../modules/vision/local/local-provider';
import { FIXTURE_IMAGES, LOCAL_FIXTURES, prepareForTest } from '../modules/vision/local/test-image';
import { PreparedImage, VisionFeature } from '../modules/vision/vision.types';
import type { BenchEnv, BenchRow, Benchmark } from './bench-types';

/**
 * The local provider per feature: model load time, warm latency p50/p95, and the longest
 * event-loop stall over the first (cold) and the warm requests, next to the same engine run
 * inline on the main thread in the same process (the plainest way: no worker). Peak RSS is
 * sampled over the worker phase only (the inline phase loads every model a second time).
 */
const RUNS = Number(process.env.BENCH_VISION_RUNS ?? 8);
/** Background removal takes seconds per image on 2 cores: fewer runs. */
const SLOW_RUNS = Number(process.env.BENCH_VISION_SLOW_RUNS ?? 3);
const STALL_GOAL_MS = 200;

const IMAGES = FIXTURE_IMAGES;

const FEATURES: Array<{ feature: VisionFeature; image: string; runs: number }> = [
  { feature: VisionFeature.FACE_DETECTION, image: path.join(IMAGES, 'astronaut.png'), runs: RUNS },
  { feature: VisionFeature.POSE_ESTIMATION, image: path.join(IMAGES, 'astronaut.png'), runs: RUNS },
  { feature: VisionFeature.OBJECT_DETECTION, image: path.join(IMAGES, 'coffee.png'), runs: RUNS },
  { feature: VisionFeature.GENERAL_CLASSIFICATION, image: path.join(IMAGES, 'chelsea.png'), runs: RUNS },
  { feature: VisionFeature.INSTANCE_SEGMENTATION, image: path.join(IMAGES, 'astronaut.png'), runs: RUNS },
  { feature: VisionFeature.NSFW_CLASSIFICATION, image: path.join(IMAGES, 'astronaut.png'), runs: RUNS },
  { feature: VisionFeature.TEXT_RECOGNITION, image: path.join(LOCAL_FIXTURES, 'printed-text.png'), runs: RUNS },
  { feature: VisionFeature.BACKGROUND_REMOVAL, image: path.join(IMAGES, 'astronaut.png'), runs: SLOW_RUNS },
];

interface Measured {
  loadMs: number;
  coldMs: number;
  latencies: number[];
  stallMs: number;
}

/** An engine from workers/engines.js, driven directly on this thread. */
interface InlineEngine {
  close?: () => Promise<void>;
}
interface InlineEngines {
  createEngine(name: LocalEngine): InlineEngine;
  handle(engine: InlineEngine, payload: unknown): Promise<{ loads?: Record<string, number> }>;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs `request` once cold and `runs` times warm, tracking latency and the longest loop stall. */
async function measure(request: () => Promise<Record<string, number>>, runs: number): Promise<Measured> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let started = performance.now();
  const loads = await request();
  const coldMs = performance.now() - started;
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    await request();
    latencies.push(performance.now() - started);
  }
  await new Promise((resolve) => setTimeout(resolve, 50)); // the monitor records a stall on its next tick
  histogram.disable();
  const loadMs = Object.values(loads).reduce((sum, ms) => sum + ms, 0);
  return { loadMs, coldMs, latencies, stallMs: histogram.max / 1e6 };
}

const ms = (value: number) => Math.round(value * 10) / 10;
const ratio = (baseline: number, value: number) => Math.round((baseline / Math.max(value, 0.001)) * 100) / 100;

export const visionBenchmark: Benchmark = {
  name: 'vision',
  async run(env: BenchEnv): Promise<BenchRow[]> {
    const images = new Map<string, PreparedImage>();
    for (const { image } of FEATURES) if (!images.has(image)) images.set(image, await prepareForTest(image));
    const signal = new AbortController().signal;

    // Phase 1: the provider as the API uses it (model workers).
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 25);
    const provider = new LocalVisionProvider({ queueLimit: 64 });
    const viaWorker = new Map<VisionFeature, Measured>();
    try {
      for (const { feature, image, runs } of FEATURES) {
        env.log(`local ${feature}: worker, 1 cold + ${runs} warm requests`);
        const prepared = images.get(image)!;
        let known = provider.modelLoadTimes();
        viaWorker.set(
          feature,
          await measure(async () => {
            await provider.analyze(feature, prepared, {}, signal);
            const now = provider.modelLoadTimes();
            const loaded = Object.fromEntries(Object.entries(now).filter(([model]) => !(model in known)));
            known = now;
            return loaded;
          }, runs),
        );
      }
    } finally {
      clearInterval(sampler);
      await provider.close();
    }
    const workerPeakRss = peakRss;

    // Phase 2: the same engines inline on this thread (what the workers spare the event loop).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const inlineEngines = require('../modules/vision/local/workers/engines.js') as InlineEngines;
    const engines = new Map<LocalEngine, InlineEngine>();
    const inline = new Map<VisionFeature, Measured>();
    try {
      for (const { feature, image, runs } of FEATURES) {
        env.log(`local ${feature}: inline baseline, 1 cold + ${runs} warm requests`);
        const name = LOCAL_ENGINE_OF[feature]!;
        if (!engines.has(name)) engines.set(name, inlineEngines.createEngine(name));
        const engine = engines.get(name)!;
        const prepared = images.get(image)!;
        inline.set(
          feature,
          await measure(async () => (await inlineEngines.handle(engine, { op: 'run', feature, image: prepared })).loads ?? {}, runs),
        );
      }
    } finally {
      for (const engine of engines.values()) await engine.close?.();
    }

    const rows: BenchRow[] = [];
    for (const { feature, runs } of FEATURES) {
      const worker = viaWorker.get(feature)!;
      const plain = inline.get(feature)!;
      const p50 = percentile(worker.latencies, 50);
      const p95 = percentile(worker.latencies, 95);
      rows.push(
        {
          name: `${feature}: model load`,
          value: ms(worker.loadMs),
          unit: 'ms',
          note: `first request ${Math.round(worker.coldMs)} ms (load + first inference); 0 = models already loaded by an earlier feature of the same engine`,
        },
        {
          name: `${feature}: warm latency p50 (${runs} runs)`,
          value: ms(p50),
          unit: 'ms',
          baseline: { name: 'same engine inline', value: ms(percentile(plain.latencies, 50)) },
          ratio: ratio(percentile(plain.latencies, 50), p50),
          note: 'includes copying the image to the worker and the answer back',
        },
        {
          name: `${feature}: warm latency p95 (${runs} runs)`,
          value: ms(p95),
          unit: 'ms',
          baseline: { name: 'same engine inline', value: ms(percentile(plain.latencies, 95)) },
          ratio: ratio(percentile(plain.latencies, 95), p95),
        },
        {
          name: `${feature}: longest event-loop stall, cold + warm requests`,
          value: ms(worker.stallMs),
          unit: 'ms',
          baseline: { name: 'same engine inline', value: ms(plain.stallMs) },
          ratio: ratio(plain.stallMs, worker.stallMs),
          goal: `< ${STALL_GOAL_MS} ms`,
        },
      );
    }
    rows.push({
      name: 'local provider: peak RSS, all engines loaded',
      value: Math.round(workerPeakRss / 1024 / 1024),
      unit: 'MB',
      note: 'whole process (worker threads included), sampled every 25 ms during the worker phase',
    });
    return rows;
  },
};
