import { GraphQLError } from 'graphql';
import { startTestServer, useTestServer } from '../../test/harness';
import { ABANDONED, ChargeRequest } from './metering.service';
import { chargeRequest, ledgerAgrees as ledgerMatches, userWithBalance as withBalance } from './testing/charges';

describe('stale PENDING calls', () => {
  const server = useTestServer({ env: { STALE_CALL_REFUND_MINUTES: '10' } });

  const query = <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => server.dataSource.query(sql, params);
  const minutes = (n: number) => n * 60_000;

  const userWithBalance = (balance: number) => withBalance(server, balance);
  const request = (userId: string, overrides: Partial<ChargeRequest> = {}) => chargeRequest(userId, overrides, 'f');
  const ledgerAgrees = (userId: string) => ledgerMatches(server, userId);

  it('refunds calls PENDING longer than STALE_CALL_REFUND_MINUTES as ABANDONED, and nothing younger or finished', async () => {
    const { metering, apiTokens } = server.app.services;
    expect(server.config.staleCallRefundMinutes).toBe(10);
    const user = await userWithBalance(100);
    const { token } = await apiTokens.create(user.id, { name: 'crashy', spendLimit: 50 });

    const abandoned = await metering.charge(request(user.id, { credits: 5, source: 'API', apiTokenId: token.id, idempotencyKey: 'k1' }));
    const finished = await metering.charge(request(user.id, { credits: 3 }));
    server.clock.advance(minutes(6));
    const young = await metering.charge(request(user.id, { credits: 2 }));
    await metering.succeed(finished.consumptionId, { durationMs: 10 });
    server.clock.advance(minutes(5));

    expect(await metering.refundStalePending()).toBe(1);
    const statuses = await query(`SELECT id, status, error_code, duration_ms FROM consumption_logs WHERE user_id = $1 ORDER BY created_at, id`, [user.id]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        { id: abandoned.consumptionId, status: 'REFUNDED', error_code: ABANDONED, duration_ms: null },
        { id: finished.consumptionId, status: 'SUCCEEDED', error_code: null, duration_ms: 10 },
        { id: young.consumptionId, status: 'PENDING', error_code: null, duration_ms: null },
      ]),
    );
    expect(await query(`SELECT delta FROM credit_ledger WHERE reason = 'REFUND' AND reference = $1`, [abandoned.consumptionId])).toEqual([{ delta: 5 }]);
    expect(await ledgerAgrees(user.id)).toBe(95);
    // The token's monthly count and the idempotency key are given back like any refund.
    expect((await user.client.ok('{ apiTokens { spentThisMonth } }')).apiTokens).toEqual([{ spentThisMonth: 0 }]);
    expect((await metering.charge(request(user.id, { credits: 5, source: 'API', apiTokenId: token.id, idempotencyKey: 'k1' }))).kind).toBe('charged');

    // The crashed call reporting late changes nothing.
    await expect(metering.succeed(abandoned.consumptionId, { durationMs: 1 })).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    await expect(metering.refund(abandoned.consumptionId, { errorCode: 'X', durationMs: 1 })).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });

    expect(await metering.refundStalePending()).toBe(0);
    // An explicit threshold overrides the configured one.
    expect(await metering.refundStalePending(minutes(4))).toBe(1);
    expect(await query(`SELECT status FROM consumption_logs WHERE id = $1`, [young.consumptionId])).toEqual([{ status: 'REFUNDED' }]);
    expect(await ledgerAgrees(user.id)).toBe(92);
  });

  it('refunds each stale call exactly once when several server processes sweep at once, beside late refunds', async () => {
    const other = await startTestServer({ shareDatabaseWith: server, clock: server.clock, env: { STALE_CALL_REFUND_MINUTES: '10' } });
    try {
      // Calls an earlier test left PENDING are not this test's business.
      await server.app.services.metering.refundStalePending(0);
      const users = await Promise.all([userWithBalance(100), userWithBalance(100), userWithBalance(100)]);
      const charged: string[] = [];
      for (let i = 0; i < 36; i++) {
        const outcome = await server.app.services.metering.charge(request(users[i % 3].id, { credits: 1 + (i % 3) }));
        charged.push(outcome.consumptionId);
      }
      server.clock.advance(minutes(11));

      const sweeps = [server, other, server, other].map((s) => s.app.services.metering.refundStalePending());
      // The feature code of a few calls finally reports a failure at the same moment.
      const late = charged.slice(0, 6).map((id) => other.app.services.metering.refund(id, { errorCode: 'PROVIDER_ERROR', durationMs: 1 }));
      const swept = (await Promise.all(sweeps)).reduce((a, b) => a + b, 0);
      const lateResults = await Promise.allSettled(late);
      const lateRefunds = lateResults.filter((r) => r.status === 'fulfilled').length;
      for (const result of lateResults) {
        if (result.status === 'rejected') expect((result.reason as GraphQLError).extensions.code).toBe('CONFLICT');
      }

      expect(swept + lateRefunds).toBe(36);
      expect(
        await query(`SELECT count(*)::int AS refunds, count(DISTINCT reference)::int AS calls FROM credit_ledger WHERE reason = 'REFUND' AND reference = ANY($1)`, [
          charged,
        ]),
      ).toEqual([{ refunds: 36, calls: 36 }]);
      expect(await query(`SELECT DISTINCT status FROM consumption_logs WHERE id = ANY($1::uuid[])`, [charged])).toEqual([{ status: 'REFUNDED' }]);
      for (const user of users) expect(await ledgerAgrees(user.id)).toBe(100);
    } finally {
      await other.close();
    }
  });
});
