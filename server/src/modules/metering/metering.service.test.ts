import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { TestServer, startTestServer } from '../../test/harness';
import { ChargeRequest, MeteringService } from './metering.service';
import { chargeRequest, ledgerAgrees as ledgerMatches, userWithBalance as withBalance } from './testing/charges';

const codeOf = (error: unknown) => (error instanceof GraphQLError ? error.extensions.code : `unexpected: ${String(error)}`);

describe('MeteringService', () => {
  let server: TestServer;
  let metering: MeteringService;
  beforeAll(async () => {
    server = await startTestServer();
    metering = server.app.services.metering;
  });
  afterAll(() => server.close());

  const query = <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => server.dataSource.query(sql, params);

  const userWithBalance = (balance: number) => withBalance(server, balance);
  const request = (userId: string, overrides: Partial<ChargeRequest> = {}) => chargeRequest(userId, overrides);
  const ledgerAgrees = (userId: string) => ledgerMatches(server, userId);

  it('charges in one transaction: balance, CONSUMPTION ledger row and PENDING log row', async () => {
    const user = await userWithBalance(10);
    const outcome = await metering.charge(request(user.id, { credits: 3, imageUrl: 'https://example.com/cat.jpg', source: 'API' }));
    expect(outcome).toEqual({ kind: 'charged', consumptionId: expect.any(String), creditsCharged: 3, balanceAfter: 7 });
    if (outcome.kind !== 'charged') throw new Error('unreachable');

    const [ledger] = await query(`SELECT delta, reason, reference, balance_after FROM credit_ledger WHERE reference = $1`, [outcome.consumptionId]);
    expect(ledger).toEqual({ delta: -3, reason: 'CONSUMPTION', reference: outcome.consumptionId, balance_after: 7 });
    const [log] = await query('SELECT user_id, feature, credits, source, image_url, status, api_token_id FROM consumption_logs WHERE id = $1', [
      outcome.consumptionId,
    ]);
    expect(log).toEqual({
      user_id: user.id,
      feature: 'OBJECT_DETECTION',
      credits: 3,
      source: 'API',
      image_url: 'https://example.com/cat.jpg',
      status: 'PENDING',
      api_token_id: null,
    });
    expect(await ledgerAgrees(user.id)).toBe(7);
  });

  it('refuses with INSUFFICIENT_CREDITS and writes nothing', async () => {
    const user = await userWithBalance(2);
    await expect(metering.charge(request(user.id, { credits: 3, idempotencyKey: 'too-expensive' }))).rejects.toMatchObject({
      extensions: { code: 'INSUFFICIENT_CREDITS' },
    });
    expect(await query('SELECT id FROM consumption_logs WHERE user_id = $1', [user.id])).toEqual([]);
    expect(await query('SELECT key FROM idempotency_keys WHERE user_id = $1', [user.id])).toEqual([]);
    expect(await ledgerAgrees(user.id)).toBe(2);
  });

  it('1 000 concurrent charges of 1 credit against 500 credits: exactly 500 succeed', async () => {
    const user = await userWithBalance(500);
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) => metering.charge(request(user.id, { requestFingerprint: `call-${i}` }))),
    );
    const charged = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(charged).toHaveLength(500);
    expect(refused).toHaveLength(500);
    expect(new Set(refused.map((r) => codeOf(r.reason)))).toEqual(new Set(['INSUFFICIENT_CREDITS']));

    expect(await ledgerAgrees(user.id)).toBe(0);
    const [counts] = await query(
      `SELECT (SELECT count(*)::int FROM consumption_logs WHERE user_id = $1) AS logs,
              (SELECT count(*)::int FROM credit_ledger WHERE user_id = $1 AND reason = 'CONSUMPTION') AS charges,
              (SELECT count(DISTINCT balance_after)::int FROM credit_ledger WHERE user_id = $1 AND reason = 'CONSUMPTION') AS balances`,
      [user.id],
    );
    // Every successful charge saw a different balance: no two charges overlapped.
    expect(counts).toEqual({ logs: 500, charges: 500, balances: 500 });
  });

  it('20 concurrent calls with one idempotency key charge once and all get the first result', async () => {
    const user = await userWithBalance(100);
    const key = `key-${randomUUID()}`;
    const call = async () => {
      const outcome = await metering.charge(request(user.id, { credits: 5, idempotencyKey: key }));
      if (outcome.kind === 'charged') {
        await new Promise((resolve) => setTimeout(resolve, 150)); // the feature runs
        await metering.succeed(outcome.consumptionId, { durationMs: 150, result: { labels: ['cat'] } });
      }
      return outcome;
    };
    const outcomes = await Promise.all(Array.from({ length: 20 }, call));

    expect(outcomes.filter((o) => o.kind === 'charged')).toHaveLength(1);
    const consumptionId = outcomes.find((o) => o.kind === 'charged')!.consumptionId;
    for (const outcome of outcomes.filter((o) => o.kind === 'replay')) {
      expect(outcome).toEqual({ kind: 'replay', consumptionId, creditsCharged: 5, balanceAfter: 95, result: { labels: ['cat'] } });
    }
    expect(await ledgerAgrees(user.id)).toBe(95);
    expect(await query('SELECT status, duration_ms FROM consumption_logs WHERE user_id = $1', [user.id])).toEqual([
      { status: 'SUCCEEDED', duration_ms: 150 },
    ]);

    // A later retry replays too, without charging.
    const later = await metering.charge(request(user.id, { credits: 5, idempotencyKey: key }));
    expect(later).toMatchObject({ kind: 'replay', consumptionId, result: { labels: ['cat'] } });
    expect(await ledgerAgrees(user.id)).toBe(95);
  });

  it('answers CONFLICT for the same key with other parameters', async () => {
    const user = await userWithBalance(20);
    const first = await metering.charge(request(user.id, { idempotencyKey: 'reused', requestFingerprint: 'params-1' }));
    await metering.succeed(first.consumptionId, { durationMs: 10, result: 'ok' });
    await expect(metering.charge(request(user.id, { idempotencyKey: 'reused', requestFingerprint: 'params-2' }))).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
    expect(await ledgerAgrees(user.id)).toBe(19);
  });

  it('keeps keys per user: another user may use the same key', async () => {
    const alice = await userWithBalance(10);
    const bob = await userWithBalance(10);
    await metering.charge(request(alice.id, { idempotencyKey: 'shared-key' }));
    const bobs = await metering.charge(request(bob.id, { idempotencyKey: 'shared-key', requestFingerprint: 'other' }));
    expect(bobs.kind).toBe('charged');
  });

  it('frees a key after 24 hours and purges expired keys with their results', async () => {
    const user = await userWithBalance(10);
    const first = await metering.charge(request(user.id, { idempotencyKey: 'daily-job' }));
    await metering.succeed(first.consumptionId, { durationMs: 5, result: { n: 1 } });
    server.clock.advance(23 * 60 * 60_000);
    expect((await metering.charge(request(user.id, { idempotencyKey: 'daily-job' }))).kind).toBe('replay');

    server.clock.advance(60 * 60_000 + 1000);
    const again = await metering.charge(request(user.id, { idempotencyKey: 'daily-job', requestFingerprint: 'new params are fine now' }));
    expect(again.kind).toBe('charged');
    expect(again.consumptionId).not.toBe(first.consumptionId);
    expect(await ledgerAgrees(user.id)).toBe(8);

    const stale = await metering.charge(request(user.id, { idempotencyKey: 'stale' }));
    await metering.succeed(stale.consumptionId, { durationMs: 1, result: { secretish: true } });
    server.clock.advance(25 * 60 * 60_000);
    expect(await metering.purgeExpiredIdempotencyRecords()).toBeGreaterThanOrEqual(2);
    expect(await query('SELECT key FROM idempotency_keys WHERE user_id = $1', [user.id])).toEqual([]);
  });

  it('answers IDEMPOTENCY_IN_PROGRESS when the first call is still running after the wait', async () => {
    const user = await userWithBalance(10);
    const impatient = new MeteringService(
      server.dataSource,
      server.app.services.credits,
      server.app.services.apiTokens,
      server.clock,
      server.app.services.events,
      { inProgressWaitMs: 250, pollIntervalMs: 20 },
    );
    const first = await impatient.charge(request(user.id, { idempotencyKey: 'slow' }));
    const started = Date.now();
    await expect(impatient.charge(request(user.id, { idempotencyKey: 'slow' }))).rejects.toMatchObject({
      extensions: { code: 'IDEMPOTENCY_IN_PROGRESS', retryAfter: 1 },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    await impatient.succeed(first.consumptionId, { durationMs: 400 });
    expect(await impatient.charge(request(user.id, { idempotencyKey: 'slow' }))).toMatchObject({ kind: 'replay', result: null });
    expect(await ledgerAgrees(user.id)).toBe(9);
  });

  it('refunds at most once and releases the idempotency key for a retry', async () => {
    const user = await userWithBalance(10);
    const charged = await metering.charge(request(user.id, { credits: 4, idempotencyKey: 'flaky' }));
    expect(charged.balanceAfter).toBe(6);

    expect(await metering.refund(charged.consumptionId, { errorCode: 'PROVIDER_ERROR', durationMs: 1234 })).toEqual({ balanceAfter: 10 });
    await expect(metering.refund(charged.consumptionId, { errorCode: 'PROVIDER_ERROR', durationMs: 1 })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
    const twice = await Promise.allSettled([
      metering.refund(charged.consumptionId, { errorCode: 'X', durationMs: 1 }),
      metering.refund(charged.consumptionId, { errorCode: 'X', durationMs: 1 }),
    ]);
    expect(twice.every((r) => r.status === 'rejected')).toBe(true);

    expect(await query(`SELECT delta, reason FROM credit_ledger WHERE reference = $1 ORDER BY created_at`, [charged.consumptionId])).toEqual([
      { delta: -4, reason: 'CONSUMPTION' },
      { delta: 4, reason: 'REFUND' },
    ]);
    expect(await query('SELECT status, error_code, duration_ms FROM consumption_logs WHERE id = $1', [charged.consumptionId])).toEqual([
      { status: 'REFUNDED', error_code: 'PROVIDER_ERROR', duration_ms: 1234 },
    ]);
    await expect(metering.succeed(charged.consumptionId, { durationMs: 1 })).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });

    // The failed call's key is free: the retry runs and is charged (the first charge was given back).
    const retry = await metering.charge(request(user.id, { credits: 4, idempotencyKey: 'flaky' }));
    expect(retry.kind).toBe('charged');
    expect(await ledgerAgrees(user.id)).toBe(6);
  });

  it('keeps results only for calls with an idempotency key, and completes a call once', async () => {
    const user = await userWithBalance(10);
    const plain = await metering.charge(request(user.id));
    await metering.succeed(plain.consumptionId, { durationMs: 42, result: { labels: ['dog'] } });
    expect(await query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE user_id = $1`, [user.id])).toEqual([{ n: 0 }]);
    await expect(metering.succeed(plain.consumptionId, { durationMs: 1 })).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    await expect(metering.succeed(randomUUID(), { durationMs: 1 })).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(metering.refund(randomUUID(), { errorCode: 'X', durationMs: 1 })).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });

    const keyed = await metering.charge(request(user.id, { idempotencyKey: 'keep-me' }));
    await metering.succeed(keyed.consumptionId, { durationMs: 7, result: { labels: ['dog'] } });
    expect(await query(`SELECT result FROM idempotency_keys WHERE user_id = $1`, [user.id])).toEqual([{ result: { labels: ['dog'] } }]);
  });

  it('refuses malformed idempotency keys and over-long image URLs as BAD_USER_INPUT', async () => {
    const user = await userWithBalance(10);
    for (const idempotencyKey of ['', 'has space', 'x'.repeat(256), 'tab\tkey']) {
      await expect(metering.charge(request(user.id, { idempotencyKey }))).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'idempotencyKey' },
      });
    }
    await expect(metering.charge(request(user.id, { imageUrl: `https://example.com/${'a'.repeat(2048)}` }))).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'imageUrl' },
    });
    await expect(metering.charge(request(user.id, { credits: -1 }))).rejects.toThrow(/non-negative integer/);
    expect(await ledgerAgrees(user.id)).toBe(10);
  });

  describe('with an API token', () => {
    async function tokenFor(userId: string, spendLimit: number | null) {
      const { token } = await server.app.services.apiTokens.create(userId, { name: 'metered', spendLimit });
      return token.id;
    }
    const spentThisMonth = async (client: ReturnType<TestServer['client']>) =>
      (await client.ok('{ apiTokens { spentThisMonth } }')).apiTokens[0].spentThisMonth as number;

    it('stops at the monthly spend limit with SPEND_LIMIT_REACHED and writes nothing', async () => {
      const user = await userWithBalance(100);
      const apiTokenId = await tokenFor(user.id, 10);
      const viaToken = (credits: number) => request(user.id, { credits, source: 'API', apiTokenId });

      await metering.charge(viaToken(6));
      await metering.charge(viaToken(4));
      const refused = await metering.charge(viaToken(1)).catch((error) => error);
      expect(refused.extensions).toMatchObject({ code: 'SPEND_LIMIT_REACHED', spendLimit: 10, spentThisMonth: 10 });
      expect(await spentThisMonth(user.client)).toBe(10);
      expect(await ledgerAgrees(user.id)).toBe(90);
      expect(await query('SELECT count(*)::int AS n FROM consumption_logs WHERE user_id = $1', [user.id])).toEqual([{ n: 2 }]);

      // The dashboard (no token) is not limited by a token's cap.
      await metering.charge(request(user.id, { credits: 5 }));
      expect(await ledgerAgrees(user.id)).toBe(85);
    });

    it('never passes the cap under concurrency', async () => {
      const user = await userWithBalance(1000);
      const apiTokenId = await tokenFor(user.id, 30);
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) =>
          metering.charge(request(user.id, { credits: 1, source: 'API', apiTokenId, requestFingerprint: `c${i}` })),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(30);
      expect(
        new Set(results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => codeOf(r.reason))),
      ).toEqual(new Set(['SPEND_LIMIT_REACHED']));
      expect(await spentThisMonth(user.client)).toBe(30);
      expect(await ledgerAgrees(user.id)).toBe(970);
    });

    it('gives refunded credits back to the cap and starts again each UTC month', async () => {
      const user = await userWithBalance(100);
      const apiTokenId = await tokenFor(user.id, 10);
      const charged = await metering.charge(request(user.id, { credits: 10, source: 'API', apiTokenId }));
      await expect(metering.charge(request(user.id, { credits: 1, source: 'API', apiTokenId }))).rejects.toMatchObject({
        extensions: { code: 'SPEND_LIMIT_REACHED' },
      });
      await metering.refund(charged.consumptionId, { errorCode: 'PROVIDER_ERROR', durationMs: 3 });
      expect(await spentThisMonth(user.client)).toBe(0);
      await metering.charge(request(user.id, { credits: 10, source: 'API', apiTokenId }));
      expect(await spentThisMonth(user.client)).toBe(10);

      server.clock.advance(32 * 24 * 60 * 60_000);
      expect(await spentThisMonth(user.client)).toBe(0);
      await metering.charge(request(user.id, { credits: 10, source: 'API', apiTokenId }));
      expect(await spentThisMonth(user.client)).toBe(10);
      expect(await ledgerAgrees(user.id)).toBe(80);
    });

    it("refuses a charge through a revoked token or another user's token", async () => {
      const user = await userWithBalance(10);
      const apiTokenId = await tokenFor(user.id, null);
      const stranger = await userWithBalance(10);
      await expect(metering.charge(request(stranger.id, { source: 'API', apiTokenId }))).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
      await server.app.services.apiTokens.revoke(user.id, apiTokenId);
      await expect(metering.charge(request(user.id, { source: 'API', apiTokenId }))).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(await ledgerAgrees(user.id)).toBe(10);
      expect(await ledgerAgrees(stranger.id)).toBe(10);
    });
  });
});
