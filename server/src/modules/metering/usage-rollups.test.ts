import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { signUp, signUpAdmin, useTestServer } from '../../test/harness';
import { ChargeRequest, MeteringService } from './metering.service';
import { insertLogRows } from './testing/log-rows';
import { NO_DRIFT, ROLLUP_DRIFT_SQL, RollupDrift } from './usage-rollups';

/** Small deterministic PRNG, so a failing mix can be replayed from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FEATURES = ['OBJECT_DETECTION', 'TEXT_RECOGNITION', 'BACKGROUND_REMOVAL', 'FACE_DETECTION'];
/** UTC, DST zones, and the half- and three-quarter-hour offsets the 15-minute buckets exist for. */
const ZONES = [
  'UTC',
  'Europe/Vilnius',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Australia/Eucla',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
];
const EXPECTED_REFUSALS = new Set(['INSUFFICIENT_CREDITS', 'SPEND_LIMIT_REACHED', 'CONFLICT', 'IDEMPOTENCY_IN_PROGRESS']);

describe('usage rollups', () => {
  const server = useTestServer();

  const query = <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => server.dataSource.query(sql, params);
  const drift = async (): Promise<RollupDrift> => (await query<RollupDrift>(ROLLUP_DRIFT_SQL))[0];

  /** Accounts made with SQL (a sign-up costs a bcrypt hash), their balance given through the ledger. */
  async function accounts(count: number, credits: number): Promise<string[]> {
    const rows = await query<{ id: string }>(
      `INSERT INTO users (email, first_name, last_name, credits)
       SELECT 'rollup-' || gen_random_uuid() || '@example.com', 'Roll', 'Up', $1 FROM generate_series(1, $2) RETURNING id`,
      [credits, count],
    );
    const ids = rows.map((r) => r.id);
    await query(
      `INSERT INTO credit_ledger (user_id, delta, reason, note, balance_after)
       SELECT id, credits, 'ADMIN_ADJUSTMENT', 'test balance', credits FROM users WHERE id = ANY($1::uuid[]) AND credits > 0`,
      [ids],
    );
    return ids;
  }

  /** Rows written straight into the log (many per statement: the triggers' set-based path). */
  const insertRows = (rows: Array<{ userId: string | null; at: Date; feature: string; credits: number; source: string; status: string }>) =>
    insertLogRows(server.dataSource, rows.map(({ at, ...row }) => ({ ...row, createdAt: at })));


  it('equal the log aggregates after a random concurrent mix of charges, completions, refunds, sweeps, erasure and bulk writes', async () => {
    const seed = Number(process.env.ROLLUP_SEED ?? Date.now() % 100_000);
    const rand = mulberry32(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)];
    const services = server.app.services;
    // Short waits for keys still in use, so retries of a running call come back quickly.
    const metering = new MeteringService(server.dataSource, services.credits, services.apiTokens, server.clock, services.events, {
      inProgressWaitMs: 200,
      pollIntervalMs: 20,
    });

    const users = await accounts(8, 400);
    const hot = users[0];
    const tokens = new Map<string, string>();
    for (const userId of users.slice(0, 4)) {
      tokens.set(userId, (await services.apiTokens.create(userId, { name: 'mix', spendLimit: userId === hot ? 150 : null })).token.id);
    }
    const pending: string[] = [];
    const unexpected: string[] = [];
    const note = (error: unknown) => {
      const code = error instanceof GraphQLError ? String(error.extensions.code) : `${(error as Error).message}`;
      if (!EXPECTED_REFUSALS.has(code)) unexpected.push(code);
    };

    const charge = async () => {
      const userId = rand() < 0.4 ? hot : pick(users);
      const viaToken = tokens.has(userId) && rand() < 0.5;
      const request: ChargeRequest = {
        userId,
        credits: Math.floor(rand() * 5),
        feature: pick(FEATURES),
        source: viaToken ? 'API' : pick(['API', 'DASHBOARD'] as const),
        apiTokenId: viaToken ? tokens.get(userId)! : null,
        idempotencyKey: rand() < 0.25 ? `key-${Math.floor(rand() * 6)}` : null,
        requestFingerprint: rand() < 0.9 ? 'same-params' : 'other-params',
      };
      const outcome = await metering.charge(request);
      if (outcome.kind === 'charged') pending.push(outcome.consumptionId);
    };
    const take = () => (pending.length ? pending.splice(Math.floor(rand() * pending.length), 1)[0] : null);
    const operations: Array<[number, () => Promise<unknown>]> = [
      [0.55, charge],
      [0.15, async () => { const id = take(); if (id) await metering.succeed(id, { durationMs: 10, result: { ok: true } }); }],
      [0.15, async () => { const id = take(); if (id) await metering.refund(id, { errorCode: 'PROVIDER_ERROR', durationMs: 20 }); }],
      [0.05, async () => {
        // The same refund twice at once: one wins.
        const id = take();
        if (id) await Promise.allSettled([0, 1].map(() => metering.refund(id, { errorCode: 'X', durationMs: 1 }))).then((r) => r.forEach((s) => s.status === 'rejected' && note(s.reason)));
      }],
      [0.1, async () => {
        const now = server.clock.now().getTime();
        await insertRows(
          Array.from({ length: 12 + Math.floor(rand() * 20) }, () => ({
            userId: rand() < 0.1 ? null : pick(users),
            at: new Date(now - Math.floor(rand() * 300 * 86_400_000)),
            feature: pick(FEATURES),
            credits: Math.floor(rand() * 9),
            source: pick(['API', 'DASHBOARD']),
            status: pick(['SUCCEEDED', 'SUCCEEDED', 'REFUNDED', 'PENDING', 'FAILED']),
          })),
        );
      }],
    ];
    const operation = () => {
      let r = rand();
      for (const [weight, run] of operations) {
        if ((r -= weight) < 0) return run;
      }
      return charge;
    };

    for (let round = 0; round < 24; round++) {
      const batch = Array.from({ length: 16 }, operation);
      const results = await Promise.allSettled(batch.map((run) => run()));
      for (const result of results) if (result.status === 'rejected') note(result.reason);
      // Spread the calls over several days and many buckets, across UTC midnights.
      server.clock.advance(Math.floor(rand() * 5 * 3_600_000));
    }
    expect({ seed, unexpected }).toEqual({ seed, unexpected: [] });
    expect(await query(`SELECT count(*)::int AS n FROM consumption_logs`)).not.toEqual([{ n: 0 }]);
    expect(await drift()).toEqual(NO_DRIFT);

    // A crash left calls PENDING: the sweeper refunds them (single-row updates).
    server.clock.advance(20 * 60_000);
    expect(await metering.refundStalePending()).toBeGreaterThan(0);
    // Erasure moves a whole history to the anonymous rows (one bulk update); a single row and a few rows go too.
    await services.dataSource.transaction((manager) => metering.anonymiseUser(users[1], manager));
    await query(`UPDATE consumption_logs SET user_id = NULL WHERE id = (SELECT id FROM consumption_logs WHERE user_id = $1 LIMIT 1)`, [users[2]]);
    await query(`UPDATE consumption_logs SET feature = 'MOVED', user_id = $2 WHERE id IN (SELECT id FROM consumption_logs WHERE user_id = $1 LIMIT 3)`, [
      users[3],
      users[4],
    ]);
    await query(`DELETE FROM consumption_logs WHERE id IN (SELECT id FROM consumption_logs WHERE user_id = $1 ORDER BY created_at LIMIT 1)`, [users[5]]);
    await query(`DELETE FROM consumption_logs WHERE id IN (SELECT id FROM consumption_logs WHERE user_id = $1 ORDER BY created_at LIMIT 20)`, [users[6]]);
    expect(await drift()).toEqual(NO_DRIFT);

    // And the reports read from the rollups equal the same reports computed from the log.
    const analytics = services.usageAnalytics;
    const from = new Date(server.clock.now().getTime() - 330 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(from) + 365 * 86_400_000).toISOString().slice(0, 10);
    for (const timezone of ZONES) {
      const range = { from, to, timezone };
      const { activeUsers: _a, ...fromLogTotals } = (await analytics.summaryFromLog(hot, range)).totals;
      const mine = await analytics.summary(hot, range);
      const fromLog = await analytics.summaryFromLog(hot, range);
      expect({ zone: timezone, ...mine }).toEqual({
        zone: timezone,
        ...fromLog,
        daily: fromLog.daily.map(({ activeUsers: _u, ...day }) => day),
        totals: fromLogTotals,
      });
      expect({ zone: timezone, ...(await analytics.platform(range)) }).toEqual({ zone: timezone, ...(await analytics.summaryFromLog(null, range)) });
    }
  });

  it('cut local days on half- and three-quarter-hour midnights and count active users per local day', async () => {
    const admin = server.client();
    await signUpAdmin(server, admin);
    const aliceClient = server.client();
    const alice = await signUp(aliceClient);
    const [bob] = await accounts(1, 0);
    // 2021-03-01 18:30 UTC is midnight in Kolkata (+5:30); 18:15 UTC is midnight in Kathmandu (+5:45).
    await insertRows([
      { userId: alice.id, at: new Date('2021-03-01T18:14:59Z'), feature: 'OBJECT_DETECTION', credits: 1, source: 'API', status: 'SUCCEEDED' },
      { userId: alice.id, at: new Date('2021-03-01T18:29:59Z'), feature: 'OBJECT_DETECTION', credits: 2, source: 'API', status: 'SUCCEEDED' },
      { userId: alice.id, at: new Date('2021-03-01T18:30:00Z'), feature: 'TEXT_RECOGNITION', credits: 4, source: 'DASHBOARD', status: 'REFUNDED' },
      { userId: bob, at: new Date('2021-03-01T18:20:00Z'), feature: 'TEXT_RECOGNITION', credits: 8, source: 'DASHBOARD', status: 'SUCCEEDED' },
    ]);
    const SUMMARY = `query S($tz: String!) { usageSummary(from: "2021-03-01", to: "2021-03-02", timezone: $tz) { daily { day calls credits } totals { calls credits refundedCalls } } }`;
    const PLATFORM = `query P($tz: String!) { platformUsage(from: "2021-03-01", to: "2021-03-02", timezone: $tz) { daily { day calls credits activeUsers } totals { activeUsers } } }`;

    expect((await aliceClient.ok(SUMMARY, { tz: 'Asia/Kolkata' })).usageSummary).toEqual({
      daily: [
        { day: '2021-03-01', calls: 2, credits: 3 },
        { day: '2021-03-02', calls: 1, credits: 0 },
      ],
      totals: { calls: 3, credits: 3, refundedCalls: 1 },
    });
    expect((await aliceClient.ok(SUMMARY, { tz: 'Asia/Kathmandu' })).usageSummary.daily).toEqual([
      { day: '2021-03-01', calls: 1, credits: 1 },
      { day: '2021-03-02', calls: 2, credits: 2 },
    ]);
    expect((await admin.ok(PLATFORM, { tz: 'Asia/Kolkata' })).platformUsage).toEqual({
      daily: [
        { day: '2021-03-01', calls: 3, credits: 11, activeUsers: 2 },
        { day: '2021-03-02', calls: 1, credits: 0, activeUsers: 1 },
      ],
      totals: { activeUsers: 2 },
    });
    expect((await admin.ok(PLATFORM, { tz: 'Asia/Kathmandu' })).platformUsage.daily).toEqual([
      { day: '2021-03-01', calls: 1, credits: 1, activeUsers: 1 },
      { day: '2021-03-02', calls: 3, credits: 10, activeUsers: 2 },
    ]);
    expect((await admin.ok(PLATFORM, { tz: 'UTC' })).platformUsage.daily).toEqual([
      { day: '2021-03-01', calls: 4, credits: 11, activeUsers: 2 },
      { day: '2021-03-02', calls: 0, credits: 0, activeUsers: 0 },
    ]);

    // Erasing Alice keeps her calls in the platform figures but not as an active user.
    await server.app.services.metering.anonymiseUser(alice.id);
    expect((await admin.ok(PLATFORM, { tz: 'UTC' })).platformUsage).toEqual({
      daily: [
        { day: '2021-03-01', calls: 4, credits: 11, activeUsers: 1 },
        { day: '2021-03-02', calls: 0, credits: 0, activeUsers: 0 },
      ],
      totals: { activeUsers: 1 },
    });
    expect(await drift()).toEqual(NO_DRIFT);
  });

  it('counts a charge and its refund in the rollups of the same statement (nothing left behind by a refused charge)', async () => {
    const [userId] = await accounts(1, 3);
    const metering = server.app.services.metering;
    const rollup = () =>
      query(`SELECT COALESCE(sum(calls), 0)::int AS calls, COALESCE(sum(credits), 0)::int AS credits, COALESCE(sum(refunded_calls), 0)::int AS refunded
             FROM usage_rollups WHERE user_id = $1`, [userId]);
    const request: ChargeRequest = { userId, credits: 2, feature: 'OBJECT_DETECTION', source: 'DASHBOARD', apiTokenId: null, requestFingerprint: 'f' };
    const charged = await metering.charge(request);
    expect(await rollup()).toEqual([{ calls: 1, credits: 2, refunded: 0 }]);
    await expect(metering.charge({ ...request, idempotencyKey: randomUUID() })).rejects.toMatchObject({ extensions: { code: 'INSUFFICIENT_CREDITS' } });
    expect(await rollup()).toEqual([{ calls: 1, credits: 2, refunded: 0 }]);
    await metering.refund(charged.consumptionId, { errorCode: 'PROVIDER_ERROR', durationMs: 5 });
    expect(await rollup()).toEqual([{ calls: 1, credits: 0, refunded: 1 }]);
    expect(await drift()).toEqual(NO_DRIFT);
  });
});
