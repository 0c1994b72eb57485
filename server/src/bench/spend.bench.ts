import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { systemClock } from '../core/clock';
import { EventBus } from '../core/events';
import { createLogger } from '../core/logger';
import { createDataSource } from '../app';
import { ApiTokensService, VERIFY_TOKEN_SQL, reserveSpendSql } from '../modules/api-tokens/api-tokens.service';
import { CreditsService } from '../modules/credits/credits.service';
import { CHARGE_STATEMENTS } from '../modules/metering/charge-statement';
import { MeteringService } from '../modules/metering/metering.service';
import { NO_DRIFT, ROLLUP_DRIFT_SQL } from '../modules/metering/usage-rollups';
import type { BenchEnv, BenchRow, Benchmark } from './bench-types';

/**
 * A paid call's bookkeeping (issue 10), inference excluded: the bearer-token lookup
 * (ApiTokensService.verify) and the charge (MeteringService.charge: spend cap, debit, ledger row,
 * PENDING log row and its usage rollups, in one statement), at 50 concurrent clients, across
 * 1 000 users and on one hot user. Baseline: pgbench running the same two statements at the same
 * concurrency in the same run (-M prepared, like our named statements). Each side runs ROUNDS
 * times, alternating, and the means are compared.
 *
 * A second pair of rows shows why the charge is one statement: pgbench running the same work
 * as BEGIN / INSERT log / UPDATE token / UPDATE user + ledger / COMMIT.
 */
const CLIENTS = 50;
const USERS = 1000;
const HOT_USER = USERS + 1;
const BALANCE = 1_000_000_000;
const SECONDS = Number(process.env.BENCH_SPEND_SECONDS ?? 8);
const WARMUP_SECONDS = 2;
const ROUNDS = Number(process.env.BENCH_SPEND_ROUNDS ?? 2);
const run = promisify(execFile);

/** Bench token n has the secret vg_000…n: pgbench can derive its hash in SQL, node in JS. */
const secretOf = (n: number) => `vg_${String(n).padStart(43, '0')}`;
const SECRET_SQL = `'vg_' || lpad(:n::text, 43, '0')`;

/** Our statements with pgbench variables for their parameters. */
function pgbenchSql(sql: string, params: Record<number, string>): string {
  return sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const value = params[Number(n)];
    if (value === undefined) throw new Error(`no pgbench value for $${n}`);
    return value;
  });
}

function scripts(dir: string, pick: string): { oneStatement: string; transaction: string } {
  // The lookup as ApiTokensService.verify sends it; pgbench hashes the secret in SQL where node hashes it in JS.
  const verify = `${pgbenchSql(VERIFY_TOKEN_SQL.replace('SELECT id, user_id, last_used_at', 'SELECT id AS token_id, user_id'), {
    1: `encode(sha256(convert_to(${SECRET_SQL}, 'UTF8')), 'hex')`,
    2: ':now::timestamptz',
  })} \\gset`;
  const charge = pgbenchSql(CHARGE_STATEMENTS['plain-token'], {
    1: ':user_id',
    2: '1',
    3: `'BENCH'`,
    4: `'API'`,
    5: ':token_id',
    6: 'NULL',
    7: ':now',
  });
  const oneStatement = path.join(dir, `charge-${pick === 'random(1, 1000)' ? 'many' : 'hot'}.sql`);
  writeFileSync(oneStatement, `\\set n ${pick}\n${verify}\n${charge};\n`);
  // The multi-statement form the charge had before: log row, token cap, balance + ledger, each a round trip.
  const transaction = path.join(dir, `transaction-${pick === 'random(1, 1000)' ? 'many' : 'hot'}.sql`);
  writeFileSync(
    transaction,
    [
      `\\set n ${pick}`,
      verify,
      'BEGIN;',
      `INSERT INTO consumption_logs (id, user_id, feature, credits, source, api_token_id, image_url, status, created_at)
       VALUES (gen_random_uuid(), :user_id, 'BENCH', 1, 'API', :token_id, NULL, 'PENDING', :now) RETURNING id AS consumption_id \\gset`,
      `${reserveSpendSql({ tokenId: ':token_id', userId: ':user_id', credits: '1', now: ':now' })};`,
      `WITH updated AS (UPDATE users SET credits = credits - 1, updated_at = now() WHERE id = :user_id AND credits - 1 >= 0 RETURNING credits)
       INSERT INTO credit_ledger (user_id, delta, reason, reference, note, balance_after)
       SELECT :user_id, -1, 'CONSUMPTION', :consumption_id, NULL, credits FROM updated RETURNING id, balance_after;`,
      'COMMIT;',
      '',
    ].join('\n'),
  );
  return { oneStatement, transaction };
}

async function pgbench(databaseUrl: string, script: string, seconds: number): Promise<number> {
  const { stdout, stderr } = await run(
    'pgbench',
    ['-n', '-M', 'prepared', '-c', String(CLIENTS), '-j', '2', '-T', String(seconds), '-D', `now=${new Date().toISOString()}`, '-f', script, databaseUrl],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  const failed = /number of failed transactions: (\d+)/.exec(stdout);
  if (!tps || (failed && Number(failed[1]) > 0)) throw new Error(`pgbench failed: ${stdout}\n${stderr}`);
  return Number(tps[1]);
}

/** Paid calls per second of CLIENTS loops through our code for `seconds` (after a warm-up). */
async function ours(databaseUrl: string, pick: () => number, seconds: number): Promise<number> {
  const dataSource = await createDataSource(databaseUrl, { extra: { max: CLIENTS } }).initialize();
  try {
    const logger = createLogger('silent');
    const events = new EventBus(() => undefined);
    const apiTokens = new ApiTokensService(dataSource, systemClock, events, logger);
    const metering = new MeteringService(dataSource, new CreditsService(dataSource), apiTokens, systemClock, events);
    const paidCall = async () => {
      const token = await apiTokens.verify(secretOf(pick()));
      if (!token) throw new Error('bench token not found');
      await metering.charge({ userId: token.userId, credits: 1, feature: 'BENCH', source: 'API', apiTokenId: token.tokenId, requestFingerprint: 'bench' });
    };
    const loop = async (ms: number) => {
      let done = 0;
      const start = performance.now();
      const until = start + ms;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (performance.now() < until) {
            await paidCall();
            done++;
          }
        }),
      );
      return done / ((performance.now() - start) / 1000);
    };
    await loop(WARMUP_SECONDS * 1000);
    return await loop(seconds * 1000);
  } finally {
    await dataSource.destroy();
  }
}

async function seed(databaseUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query(
      `INSERT INTO users (email, first_name, last_name, credits)
       SELECT 'bench-' || g || '@example.com', 'Bench', 'User ' || g, $1 FROM generate_series(1, $2) g`,
      [BALANCE, HOT_USER],
    );
    await pool.query(`INSERT INTO credit_ledger (user_id, delta, reason, note, balance_after)
                      SELECT id, credits, 'ADMIN_ADJUSTMENT', 'benchmark balance', credits FROM users`);
    await pool.query(
      `INSERT INTO api_tokens (user_id, name, token_hash, prefix)
       SELECT id, 'bench', encode(sha256(convert_to('vg_' || lpad(n::text, 43, '0'), 'UTF8')), 'hex'), 'vg_0000'
       FROM (SELECT id, substring(email FROM 'bench-(\\d+)@')::int AS n FROM users) u`,
    );
  } finally {
    await pool.end();
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const round2 = (n: number) => Math.round(n * 100) / 100;

export const spendBenchmark: Benchmark = {
  name: 'spend',
  async run(env: BenchEnv): Promise<BenchRow[]> {
    await seed(env.databaseUrl);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vg-pgbench-'));
    const rows: BenchRow[] = [];
    try {
      let next = 0;
      const scenarios = [
        { label: `${USERS.toLocaleString('en')} users`, pgbenchPick: `random(1, ${USERS})`, pick: () => 1 + (next++ % USERS) },
        { label: 'one hot user', pgbenchPick: String(HOT_USER), pick: () => HOT_USER },
      ];
      for (const scenario of scenarios) {
        const { oneStatement, transaction } = scripts(dir, scenario.pgbenchPick);
        const baseline: number[] = [];
        const mine: number[] = [];
        const multi: number[] = [];
        for (let round = 1; round <= ROUNDS; round++) {
          env.log(`${scenario.label}, round ${round}: pgbench, same statements`);
          baseline.push(await pgbench(env.databaseUrl, oneStatement, SECONDS));
          env.log(`${scenario.label}, round ${round}: ApiTokensService.verify + MeteringService.charge`);
          mine.push(await ours(env.databaseUrl, scenario.pick, SECONDS));
          env.log(`${scenario.label}, round ${round}: pgbench, BEGIN…COMMIT form`);
          multi.push(await pgbench(env.databaseUrl, transaction, SECONDS));
        }
        env.log(`${scenario.label}: ours ${mine.map(Math.round).join(', ')}; pgbench ${baseline.map(Math.round).join(', ')}; BEGIN…COMMIT ${multi.map(Math.round).join(', ')}`);
        rows.push({
          name: `paid call bookkeeping (token lookup + charge), ${CLIENTS} clients, ${scenario.label}`,
          value: Math.round(mean(mine)),
          unit: 'calls/s',
          baseline: { name: 'pgbench, same statements', value: Math.round(mean(baseline)) },
          ratio: round2(mean(mine) / mean(baseline)),
          goal: 'ratio ≥ 0.6',
        });
        rows.push({
          name: `pgbench: one-statement charge vs BEGIN/INSERT/UPDATE/UPDATE/COMMIT, ${scenario.label}`,
          value: Math.round(mean(baseline)),
          unit: 'calls/s',
          baseline: { name: 'pgbench, multi-statement transaction', value: Math.round(mean(multi)) },
          ratio: round2(mean(baseline) / mean(multi)),
          goal: 'one round trip where possible',
        });
      }

      const check = new Pool({ connectionString: env.databaseUrl, max: 1 });
      try {
        const [{ n }] = (
          await check.query(`SELECT count(*)::int AS n FROM users u
                             WHERE u.credits <> (SELECT COALESCE(sum(delta), 0) FROM credit_ledger l WHERE l.user_id = u.id)`)
        ).rows;
        const drift = (await check.query(ROLLUP_DRIFT_SQL)).rows[0];
        const [{ calls }] = (await check.query(`SELECT count(*)::int AS calls FROM consumption_logs`)).rows;
        rows[0].note = [
          n === 0 ? 'ledger sums equal balances' : `${n} balances differ from their ledger`,
          JSON.stringify(drift) === JSON.stringify(NO_DRIFT) ? 'rollups equal the log' : `ROLLUP DRIFT ${JSON.stringify(drift)}`,
          `${calls.toLocaleString('en')} calls charged`,
        ].join('; ');
      } finally {
        await check.end();
      }
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
