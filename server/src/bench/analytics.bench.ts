import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createDataSource } from '../app';
import type { Keyset } from '../graphql/pagination';
import { ConsumptionLogsService, LogFilter } from '../modules/metering/consumption-logs.service';
import { UsageAnalyticsService, UsageRange } from '../modules/metering/usage-analytics.service';
import { NO_DRIFT, ROLLUP_DRIFT_SQL, RollupDrift } from '../modules/metering/usage-rollups';
import type { BenchEnv, BenchRow, Benchmark } from './bench-types';

/**
 * Usage analytics and log pages over 1 000 000 consumption rows (issue 10: ≤ 50 ms per query,
 * page 1 000 as fast as page 1). The rows are generated in SQL and go in through the real
 * triggers, so the rollups are built exactly as production builds them; afterwards the rollups
 * are checked against the log. Each query is timed warm (median of RUNS after WARMUP runs) next
 * to the plain way of answering it measured in the same run: the aggregate over the raw log for
 * the same range (JIT off, its best case here), and OFFSET paging for deep log pages.
 *
 * Data: 1 000 users, one heavy user with 15 % of all calls, the rest spread evenly; calendar year
 * 2025 at a steady rate; 6 features; ~31 % API calls with the user's token; ~8 % refunded, ~1.6 %
 * still pending, none FAILED (so a FAILED filter is the worst case: nothing matches).
 */
const ROWS = Number(process.env.BENCH_ANALYTICS_ROWS ?? 1_000_000);
const BATCH = 50_000;
const USERS = 1000;
const WARMUP = 3;
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 15);
const PAGE = 50;
const DEEP_PAGE = 1000;
const GOAL = '≤ 50 ms';
const FEATURES = ['OBJECT_DETECTION', 'TEXT_RECOGNITION', 'BACKGROUND_REMOVAL', 'FACE_DETECTION', 'IMAGE_LABELING', 'NSFW_DETECTION'];

async function median(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const ms = (n: number) => Math.round(n * 100) / 100;

/** "filters: plan shape" lines folded into "shape ×count" so the table stays readable. */
function summarisePlans(offenders: string[]): string {
  const shapes = new Map<string, number>();
  for (const line of offenders) {
    const shape = line.slice(line.indexOf(': ') + 2);
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  return [...shapes].map(([shape, count]) => `${shape} ×${count}`).join('; ');
}

export async function generate(dataSource: DataSource, env: BenchEnv): Promise<{ heavy: string; typical: string }> {
  await dataSource.query(
    `INSERT INTO users (email, first_name, last_name, credits)
     SELECT 'analytics-' || g || '@example.com', 'Bench', 'User ' || g, 0 FROM generate_series(1, $1) g`,
    [USERS],
  );
  await dataSource.query(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix)
     SELECT id, 'bench', encode(sha256(convert_to(id::text, 'UTF8')), 'hex'), 'vg_bench' FROM users`,
  );
  // Users and their tokens by number, so the generator can address them by index.
  await dataSource.query(`CREATE TABLE bench_people AS
    SELECT row_number() OVER (ORDER BY u.email)::int AS n, u.id AS user_id, t.id AS token_id
    FROM users u JOIN api_tokens t ON t.user_id = u.id`);
  await dataSource.query(`CREATE UNIQUE INDEX ON bench_people (n)`);
  const started = performance.now();
  for (let first = 1; first <= ROWS; first += BATCH) {
    const last = Math.min(ROWS, first + BATCH - 1);
    await dataSource.query(
      `WITH people AS (SELECT array_agg(user_id ORDER BY n) AS users, array_agg(token_id ORDER BY n) AS tokens FROM bench_people),
       calls AS (
         SELECT g,
                CASE WHEN g % 20 < 3 THEN 1 ELSE 2 + (hashint4(g) & 1048575) % ($4 - 1) END AS who,
                (hashint4(g * 5) & 15) < 5 AS via_api,
                hashint4(g * 11) & 63 AS fate
         FROM generate_series($1::int, $2::int) g)
       INSERT INTO consumption_logs (id, user_id, feature, credits, source, api_token_id, status, created_at)
       SELECT gen_random_uuid(), p.users[c.who], ($5::varchar[])[1 + (hashint4(c.g * 7) & 255) % 6], 1 + (hashint4(c.g * 3) & 7),
              CASE WHEN c.via_api THEN 'API'::call_source ELSE 'DASHBOARD'::call_source END,
              CASE WHEN c.via_api THEN p.tokens[c.who] END,
              CASE WHEN c.fate < 5 THEN 'REFUNDED'::consumption_status WHEN c.fate = 5 THEN 'PENDING'::consumption_status
                   ELSE 'SUCCEEDED'::consumption_status END,
              timestamptz '2025-01-01 00:00:00+00' + ((c.g - 1)::float8 / $3) * interval '365 days'
       FROM calls c, people p`,
      [first, last, ROWS, USERS, FEATURES],
    );
    const seconds = (performance.now() - started) / 1000;
    env.log(`generated ${last.toLocaleString('en')} / ${ROWS.toLocaleString('en')} rows (${Math.round(last / seconds).toLocaleString('en')} rows/s through the rollup triggers)`);
  }
  env.log('VACUUM ANALYZE (what autovacuum does after a bulk load)');
  for (const table of ['consumption_logs', 'usage_rollups', 'usage_daily_rollups', 'platform_usage_rollups', 'platform_daily_rollups', 'api_tokens', 'users']) {
    await dataSource.query(`VACUUM ANALYZE ${table}`);
  }
  const [{ heavy }] = await dataSource.query(`SELECT user_id AS heavy FROM bench_people WHERE n = 1`);
  const [{ typical }] = await dataSource.query(`SELECT user_id AS typical FROM bench_people WHERE n = 500`);
  return { heavy, typical };
}

/** The (created_at, id) just before page `page` of a filtered log: where a keyset cursor would point. */
async function cursorBefore(dataSource: DataSource, logs: ConsumptionLogsService, userId: string, filter: LogFilter, page: number): Promise<Keyset | undefined> {
  if (page <= 1) return undefined;
  const { sql, params } = logs.pageQuery(userId, filter, 1);
  const offsetSql = sql.replace(/LIMIT \$(\d+)$/, (_m, n) => `OFFSET ${(page - 1) * PAGE - 1} LIMIT $${n}`);
  const [row] = await dataSource.query(offsetSql, params);
  return row ? { createdAt: row.createdAt, id: row.id } : undefined;
}

export const analyticsBenchmark: Benchmark = {
  name: 'analytics',
  async run(env: BenchEnv): Promise<BenchRow[]> {
    const dataSource = await createDataSource(env.databaseUrl, { extra: { max: 4 } }).initialize();
    // The baseline runs without JIT: compiling its big aggregates would only make it look slower.
    const plain = await createDataSource(env.databaseUrl, { extra: { max: 2, options: '-c jit=off' } }).initialize();
    const rows: BenchRow[] = [];
    try {
      env.log(`generating ${ROWS.toLocaleString('en')} consumption rows for ${USERS} users`);
      const { heavy, typical } = await generate(dataSource, env);
      const [counts] = await dataSource.query(
        `SELECT (SELECT count(*)::int FROM consumption_logs) AS logs, (SELECT count(*)::int FROM consumption_logs WHERE user_id = $1) AS heavy,
                (SELECT count(*)::int FROM usage_rollups) AS "usageRollups", (SELECT count(*)::int FROM usage_rollups WHERE user_id = $1) AS "heavyRollups",
                (SELECT count(*)::int FROM usage_daily_rollups) AS "dailyRollups", (SELECT count(*)::int FROM platform_usage_rollups) AS "platformRollups",
                (SELECT count(*)::int FROM platform_daily_rollups) AS "platformDailyRollups"`,
        [heavy],
      );
      env.log(`sizes: ${JSON.stringify(counts)}`);
      env.log('checking the rollups against the log');
      const drift: RollupDrift = (await dataSource.query(ROLLUP_DRIFT_SQL))[0];
      const driftNote = JSON.stringify(drift) === JSON.stringify(NO_DRIFT) ? 'rollups equal the log aggregates' : `ROLLUP DRIFT: ${JSON.stringify(drift)}`;
      env.log(driftNote);

      const analytics = new UsageAnalyticsService(dataSource);
      const baseline = new UsageAnalyticsService(plain);
      const year = (timezone: string): UsageRange => ({ from: '2025-01-01', to: '2025-12-31', timezone });
      const month: UsageRange = { from: '2025-12-01', to: '2025-12-30', timezone: 'Europe/Vilnius' };
      const reports: Array<{ name: string; ours: () => Promise<unknown>; raw: () => Promise<unknown>; check: () => Promise<boolean> }> = [];
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      const summary = (name: string, userId: string, range: UsageRange) =>
        reports.push({
          name,
          ours: () => analytics.summary(userId, range),
          raw: () => baseline.summaryFromLog(userId, range),
          check: async () => {
            const [mine, log] = [await analytics.summary(userId, range), await baseline.summaryFromLog(userId, range)];
            return same(mine.daily, log.daily.map(({ activeUsers: _u, ...d }) => d)) && same(mine.byFeature, log.byFeature) && same(mine.bySource, log.bySource);
          },
        });
      const platform = (name: string, range: UsageRange) =>
        reports.push({
          name,
          ours: () => analytics.platform(range),
          raw: () => baseline.summaryFromLog(null, range),
          check: async () => same(await analytics.platform(range), await baseline.summaryFromLog(null, range)),
        });
      summary(`usageSummary, heavy user (${counts.heavy.toLocaleString('en')} calls), a year, Asia/Kolkata (+5:30)`, heavy, year('Asia/Kolkata'));
      summary('usageSummary, typical user, a year, America/New_York (DST)', typical, year('America/New_York'));
      summary('usageSummary, heavy user, 30 days, Europe/Vilnius', heavy, month);
      platform(`platformUsage, all ${counts.logs.toLocaleString('en')} calls, a year, Asia/Kathmandu (+5:45)`, year('Asia/Kathmandu'));
      platform('platformUsage, a year, UTC', year('UTC'));
      platform('platformUsage, 30 days, Europe/Vilnius', month);

      for (const report of reports) {
        env.log(report.name);
        const equal = await report.check();
        const raw = await median(report.raw);
        const ours = await median(report.ours);
        rows.push({
          name: report.name,
          value: ms(ours),
          unit: 'ms',
          baseline: { name: 'aggregate over the raw log', value: ms(raw) },
          ratio: ms(raw / ours),
          goal: GOAL,
          note: equal ? 'same answer as the raw aggregate' : 'ANSWER DIFFERS FROM THE RAW AGGREGATE',
        });
      }

      const logs = new ConsumptionLogsService(dataSource);
      const filters: Array<[string, LogFilter]> = [
        ['no filter', {}],
        ['feature', { feature: 'FACE_DETECTION' }],
        ['status REFUNDED', { status: 'REFUNDED' as LogFilter['status'] }],
        ['source API + feature', { source: 'API', feature: 'TEXT_RECOGNITION' }],
        ['token', { apiTokenId: (await dataSource.query(`SELECT token_id FROM bench_people WHERE n = 1`))[0].token_id }],
      ];
      for (const [label, filter] of filters) {
        const { sql, params } = logs.pageQuery(heavy, filter, 1);
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM (${sql.replace(/LIMIT \$\d+$/, '')}) t`, params.slice(0, -1));
        const page = Math.min(DEEP_PAGE, Math.ceil(n / PAGE));
        const cursor = await cursorBefore(dataSource, logs, heavy, filter, page);
        env.log(`consumptionLogs, heavy user, ${label}: page 1 and page ${page} of ${Math.ceil(n / PAGE)}`);
        const first = await median(() => logs.page(heavy, filter, PAGE + 1));
        const deep = await median(() => logs.page(heavy, filter, PAGE + 1, cursor));
        const offset = await median(async () => {
          const q = logs.pageQuery(heavy, filter, PAGE + 1);
          await plain.query(q.sql.replace(/LIMIT \$(\d+)$/, (_m, i) => `OFFSET ${(page - 1) * PAGE} LIMIT $${i}`), q.params);
        });
        rows.push({
          name: `consumptionLogs, heavy user, ${label}: page ${page} (page 1: ${ms(first)} ms)`,
          value: ms(deep),
          unit: 'ms',
          baseline: { name: `OFFSET paging to page ${page}`, value: ms(offset) },
          ratio: ms(offset / deep),
          goal: `${GOAL}, page ${page} ≈ page 1`,
          note: `page ${page} ÷ page 1 = ${ms(deep / first)}`,
        });
      }

      // EXPLAIN ANALYZE every filter combination on page 1 and deep in the log.
      env.log('EXPLAIN ANALYZE of all 64 filter combinations, page 1 and a deep page');
      const dimensions: Array<[keyof LogFilter, unknown]> = [
        ['feature', 'FACE_DETECTION'],
        ['source', 'API'],
        ['status', 'FAILED'],
        ['apiTokenId', filters[4][1].apiTokenId],
        ['from', new Date('2025-03-01T00:00:00Z')],
        ['to', new Date('2025-11-01T00:00:00Z')],
      ];
      const deepCursor = await cursorBefore(dataSource, logs, heavy, {}, DEEP_PAGE);
      let worst = { ms: 0, what: '' };
      const offenders: string[] = [];
      const indexes = new Set<string>();
      for (let mask = 0; mask < 1 << dimensions.length; mask++) {
        const filter = Object.fromEntries(dimensions.filter((_, i) => mask & (1 << i))) as LogFilter;
        for (const after of [undefined, deepCursor]) {
          const { sql, params } = logs.pageQuery(heavy, filter, PAGE + 1, after);
          const [{ 'QUERY PLAN': [plan] }] = await dataSource.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
          type Node = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: Node[] };
          const nodes = (node: Node): Node[] => [node, ...(node.Plans ?? []).flatMap(nodes)];
          const all = nodes(plan.Plan);
          const scan = all.find((node) => node['Relation Name'] === 'consumption_logs');
          if (scan?.['Index Name']) indexes.add(scan['Index Name']);
          const what = `${JSON.stringify(Object.keys(filter))}${after ? ' deep' : ''}`;
          if (all.some((node) => /Sort|Seq Scan/.test(node['Node Type'])) || !scan?.['Index Name']) offenders.push(`${what}: ${all.map((n) => n['Node Type']).join(' > ')}`);
          if (plan['Execution Time'] > worst.ms) worst = { ms: plan['Execution Time'], what };
        }
      }
      rows.push({
        name: 'consumptionLogs EXPLAIN ANALYZE: slowest of 64 filter combinations × (page 1, page 1 000)',
        value: ms(worst.ms),
        unit: 'ms',
        goal: GOAL,
        note: `slowest: ${worst.what}; ${offenders.length ? `${offenders.length} of 128 plans sort or scan sequentially (${summarisePlans(offenders)})` : 'every plan an ordered index scan, no sort'}; indexes used: ${[...indexes].sort().join(', ')}`,
      });
      // Where the rollup reports' time goes: scans, indexes and rows read.
      for (const [label, userId, range] of [
        ['usageSummary heavy user, a year, Asia/Kolkata', heavy, year('Asia/Kolkata')],
        ['platformUsage, a year, Asia/Kathmandu', null, year('Asia/Kathmandu')],
      ] as const) {
        const plan = (await analytics.explain(range, userId)) ?? 'answered from the log';
        env.log(`EXPLAIN ANALYZE ${label}:\n${plan}`);
        const scans = plan
          .split('\n')
          .filter((line) => /Scan on|Scan using/.test(line) && !/Function Scan|CTE Scan/.test(line))
          .map((line) => line.trim().replace(/^->\s*/, '').replace(/\(actual time=[^)]*?rows=(\d+) loops=(\d+)\)/, 'rows=$1×$2'));
        const report = rows.find((row) => row.name.startsWith(label.split(',')[0]) && row.name.includes(range.timezone));
        if (report) report.note += `; plan: ${scans.join(' | ')}`;
      }
      rows[rows.length - 1].note += `; ${driftNote}; ${JSON.stringify(counts)}`;
      return rows;
    } finally {
      await plain.destroy();
      await dataSource.destroy();
    }
  },
};
