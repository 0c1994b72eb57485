import path from 'node:path';
import { Benchmark } from './bench-types';
import { LoadResult, ME_QUERY, forkBaseline, forkProduct, registerBenchUser, httpLoad, ratio } from './harness';

const ROUNDS = Number(process.env.BENCH_ME_ROUNDS ?? 2);

/** Steady state is what a server lives in: 10 s of warm-up before the first round (the product's JIT needs it), 3 s later. */
const warmup = (round: number) => (round === 1 ? 10 : 3);
const mean = (results: LoadResult[], pick: (r: LoadResult) => number) => results.reduce((sum, r) => sum + pick(r), 0) / results.length;

/**
 * `{ me { id email credits } }` with cookie auth through the whole product (HTTP, Apollo,
 * type-graphql, session check, viewer row) versus raw node:http + pg doing the SQL, same run.
 * The product runs twice: as shipped, where a repeated viewer's row comes from the viewer cache
 * (no SQL; changes are announced by the database), and with the cache off, doing the same SQL
 * as raw on every request. A bare @apollo/server doing that SQL shows what Apollo itself costs.
 * The four servers are driven in turn, ROUNDS times, after a warm-up, and the means compared.
 */
export const meBenchmark: Benchmark = {
  name: 'me',
  async run({ databaseUrl, log }) {
    const cpuProfile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(__dirname, '..', '..', '..', 'bench', 'profiles')}`] : [];
    const product = await forkProduct(databaseUrl, {}, { execArgv: cpuProfile });
    const uncached = await forkProduct(databaseUrl, { VIEWER_CACHE_TTL_MS: '0' });
    const raw = await forkBaseline('raw-me-server', { DATABASE_URL: databaseUrl });
    const apollo = await forkBaseline('apollo-me-server', { DATABASE_URL: databaseUrl });
    try {
      const cookie = await registerBenchUser(product.url, 'bench@example.com');
      const headers = { 'content-type': 'application/json', cookie };
      for (const server of [product, uncached, apollo]) {
        const check: any = await (await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: ME_QUERY })).json();
        if (!check.data?.me?.id) throw new Error(`me did not answer: ${JSON.stringify(check)}`);
      }

      const runs: Record<'raw' | 'apollo' | 'full' | 'uncached', LoadResult[]> = { raw: [], apollo: [], full: [], uncached: [] };
      for (let round = 1; round <= ROUNDS; round++) {
        log(`round ${round}/${ROUNDS}: raw node:http + pg, 50 connections`);
        runs.raw.push(await httpLoad({ url: raw.url, headers, body: ME_QUERY, warmupSeconds: warmup(round), pid: raw.child.pid }));
        log(`round ${round}/${ROUNDS}: bare @apollo/server + pg, 50 connections`);
        runs.apollo.push(await httpLoad({ url: `${apollo.url}/graphql`, headers, body: ME_QUERY, warmupSeconds: warmup(round), pid: apollo.child.pid }));
        log(`round ${round}/${ROUNDS}: full product, 50 connections`);
        const full = await httpLoad({ url: `${product.url}/graphql`, headers, body: ME_QUERY, warmupSeconds: warmup(round), pid: product.child.pid });
        if (full.non2xx || full.errors) throw new Error(`product answered ${full.non2xx} non-2xx and ${full.errors} errors`);
        runs.full.push(full);
        log(`round ${round}/${ROUNDS}: full product, viewer cache off, 50 connections`);
        runs.uncached.push(await httpLoad({ url: `${uncached.url}/graphql`, headers, body: ME_QUERY, warmupSeconds: warmup(round), pid: uncached.child.pid }));
      }
      const rps = (kind: keyof typeof runs) => Math.round(mean(runs[kind], (r) => r.requestsPerSecond));
      const p99 = (kind: keyof typeof runs) => Math.round(mean(runs[kind], (r) => r.latencyP99));
      const cpu = (kind: keyof typeof runs) => Math.round(mean(runs[kind], (r) => r.cpuMicrosPerRequest ?? 0));
      const perRound = (kind: keyof typeof runs) => runs[kind].map((r) => Math.round(r.requestsPerSecond)).join(', ');
      return [
        {
          name: 'me query, cookie auth, 50 connections',
          value: rps('full'),
          unit: 'req/s',
          baseline: { name: 'raw node:http + pg', value: rps('raw') },
          ratio: ratio(rps('full'), rps('raw')),
          goal: '≥ 0.60 × raw',
          note: `as shipped (viewer cache on: a repeated viewer costs no SQL); mean of ${ROUNDS} rounds (product ${perRound('full')}; raw ${perRound('raw')}); p99 ${p99('full')} ms vs raw ${p99('raw')} ms; server CPU per request ${cpu('full')} µs vs raw ${cpu('raw')} µs`,
        },
        {
          name: 'me query, cookie auth, viewer cache off (the same SQL as raw on every request)',
          value: rps('uncached'),
          unit: 'req/s',
          baseline: { name: 'raw node:http + pg', value: rps('raw') },
          ratio: ratio(rps('uncached'), rps('raw')),
          note: `VIEWER_CACHE_TTL_MS=0; rounds ${perRound('uncached')}; p99 ${p99('uncached')} ms; server CPU per request ${cpu('uncached')} µs`,
        },
        {
          name: 'bare @apollo/server on node:http + the same SQL (the floor for any server keeping Apollo)',
          value: rps('apollo'),
          unit: 'req/s',
          baseline: { name: 'raw node:http + pg', value: rps('raw') },
          ratio: ratio(rps('apollo'), rps('raw')),
          note: `product ÷ bare Apollo = ${ratio(rps('full'), rps('apollo'))}; rounds ${perRound('apollo')}; server CPU per request ${cpu('apollo')} µs`,
        },
      ];
    } finally {
      await product.stop();
      await uncached.stop();
      await raw.stop();
      await apollo.stop();
    }
  },
};
