import { analyticsBenchmark } from './analytics.bench';
import { Benchmark } from './bench-types';
import { jobsMeBenchmark, jobsOverheadBenchmark, jobsThroughputBenchmark } from './jobs.bench';
import { loginBenchmark } from './login.bench';
import { meBenchmark } from './me.bench';
import { memoryBenchmark } from './memory.bench';
import { spendBenchmark } from './spend.bench';
import { visionBenchmark } from './vision.bench';

/** Every benchmark `npm run bench` runs, in this order. */
export const benchmarks: Benchmark[] = [meBenchmark, spendBenchmark, analyticsBenchmark, loginBenchmark, memoryBenchmark, visionBenchmark, jobsOverheadBenchmark, jobsThroughputBenchmark, jobsMeBenchmark];
