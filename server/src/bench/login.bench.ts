import autocannon from 'autocannon';
import { Benchmark } from './bench-types';
import { ME_QUERY, forkProduct, registerBenchUser } from './harness';

const LOGIN = (email: string, password: string) =>
  JSON.stringify({ query: 'mutation L($i: LoginInput!) { login(input: $i) { id } }', variables: { i: { email, password } } });

async function meLatencyWhile(url: string, cookie: string, seconds: number, during?: () => Promise<void>) {
  const load = autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: ME_QUERY, connections: 10, duration: seconds });
  await during?.();
  const result = await load;
  return { p99: result.latency.p99, p50: result.latency.p50, requests: result.requests.total };
}

/**
 * Logins never stall other requests: bcryptjs (cost 12) runs on worker threads. Measures `me`
 * p99 with and without bursts of 20 concurrent logins, and logins/s against native bcrypt
 * (libuv thread pool) verifying the same hash in the same run.
 */
export const loginBenchmark: Benchmark = {
  name: 'login',
  async run({ databaseUrl, log }) {
    const product = await forkProduct(databaseUrl, { LOGIN_RATE_LIMIT: '100000' });
    try {
      const graphql = `${product.url}/graphql`;
      const email = 'login-bench@example.com';
      const password = 'bench password';
      const cookie = await registerBenchUser(product.url, email, password);

      log('me latency, quiet');
      const quiet = await meLatencyWhile(graphql, cookie, 5);
      log('me latency during bursts of 20 concurrent logins');
      let logins = 0;
      let loginSeconds = 0;
      const burst = await meLatencyWhile(graphql, cookie, 5, async () => {
        const started = Date.now();
        while (Date.now() - started < 4500) {
          const results = await Promise.all(
            Array.from({ length: 20 }, () => fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json' }, body: LOGIN(email, password) }).then((r) => r.json())),
          );
          logins += results.filter((r: any) => r.data?.login?.id).length;
        }
        loginSeconds = (Date.now() - started) / 1000;
      });

      log('native bcrypt verifying the same cost-12 hash, 20 at a time');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bcrypt = require('bcrypt') as typeof import('bcrypt');
      const hash = await bcrypt.hash(password, 12);
      let nativeDone = 0;
      const nativeStarted = Date.now();
      while (Date.now() - nativeStarted < 4500) {
        await Promise.all(Array.from({ length: 20 }, () => bcrypt.compare(password, hash)));
        nativeDone += 20;
      }
      const nativePerSecond = nativeDone / ((Date.now() - nativeStarted) / 1000);
      const loginsPerSecond = logins / loginSeconds;

      return [
        {
          name: 'logins per second (bcryptjs cost 12 on worker threads)',
          value: loginsPerSecond,
          unit: 'logins/s',
          baseline: { name: 'native bcrypt compare, same hash', value: nativePerSecond },
          ratio: Math.round((loginsPerSecond / nativePerSecond) * 100) / 100,
        },
        {
          name: 'me p99 during 20-login bursts',
          value: burst.p99,
          unit: 'ms',
          baseline: { name: 'me p99 without logins', value: quiet.p99 },
          goal: '< 50 ms',
          note: `p50 ${burst.p50} ms (quiet ${quiet.p50} ms)`,
        },
      ];
    } finally {
      await product.stop();
    }
  },
};
