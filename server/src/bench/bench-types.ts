/**
 * Benchmarks (`npm run bench`) report ratios against a baseline measured in the same run,
 * never absolute pass/fail timings. Each benchmark module exports a `Benchmark`.
 */
export interface BenchEnv {
  /** A fresh, migrated database for this benchmark alone. */
  databaseUrl: string;
  /** Progress lines for long work. */
  log(message: string): void;
}

export interface BenchRow {
  /** What was measured, e.g. "spend: 50 clients, one user". */
  name: string;
  value: number;
  unit: string;
  /** The same work done the plainest way, measured in the same run. */
  baseline?: { name: string; value: number };
  /** value ÷ baseline.value for throughputs (or baseline ÷ value for latencies): ≥ 1 is as fast as the baseline. */
  ratio?: number;
  goal?: string;
  note?: string;
}

export interface Benchmark {
  name: string;
  run(env: BenchEnv): Promise<BenchRow[]>;
}
