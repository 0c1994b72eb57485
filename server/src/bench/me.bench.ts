import path from 'node:path';
import { Benchmark } from './bench-types';
import { forkServer, httpLoad, ratio } from './harness';

const ME_QUERY = JSON.stringify({ query: '{ me { id email credits } }' });
const dist = path.resolve(__dirname, '..');

/**
 * `{ me { id email credits } }` with cookie auth through the whole product (HTTP, Apollo,
 * type-graphql, session check, SQL) versus raw node:http + pg doing the same SQL, same run.
 */
export const meBenchmark: Benchmark = {
  name: 'me',
  async run({ databaseUrl, log }) {
    const cpuProfile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dist, '..', '..', 'bench', 'profiles')}`] : [];
    const product = await forkServer(path.join(dist, 'main.js'), {
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
      LOG_LEVEL: 'silent',
    }, { execArgv: cpuProfile });
    const raw = await forkServer(path.join(dist, 'bench', 'raw-me-server.js'), { DATABASE_URL: databaseUrl });
    try {
      const registered = await fetch(`${product.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation R($i: RegisterInput!) { register(input: $i) { id } }',
          variables: { i: { firstName: 'Bench', lastName: 'Mark', email: 'bench@example.com', password: 'bench password', acceptTerms: true, confirmAge16: true } },
        }),
      });
      const cookie = registered.headers.getSetCookie()[0].split(';')[0];
      const headers = { 'content-type': 'application/json', cookie };

      const check: any = await (await fetch(`${product.url}/graphql`, { method: 'POST', headers, body: ME_QUERY })).json();
      if (!check.data?.me?.id) throw new Error(`me did not answer: ${JSON.stringify(check)}`);

      log('raw node:http + pg, 50 connections');
      const baseline = await httpLoad({ url: raw.url, headers, body: ME_QUERY });
      log('full product, 50 connections');
      const full = await httpLoad({ url: `${product.url}/graphql`, headers, body: ME_QUERY });
      if (full.non2xx || full.errors) throw new Error(`product answered ${full.non2xx} non-2xx and ${full.errors} errors`);
      return [
        {
          name: 'me query, cookie auth, 50 connections',
          value: full.requestsPerSecond,
          unit: 'req/s',
          baseline: { name: 'raw node:http + pg', value: baseline.requestsPerSecond },
          ratio: ratio(full.requestsPerSecond, baseline.requestsPerSecond),
          goal: '≥ 0.60 × raw',
          note: `p99 ${full.latencyP99} ms vs raw ${baseline.latencyP99} ms`,
        },
      ];
    } finally {
      await product.stop();
      await raw.stop();
    }
  },
};
