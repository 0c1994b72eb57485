import { randomUUID } from 'node:crypto';
import { GraphQLTestClient, signUp, signUpAdmin, useTestServer } from '../../test/harness';
import { promise } from '../privacy-promises/promise-test';

const SUMMARY = `query Summary($from: String!, $to: String!, $timezone: String!) {
  usageSummary(from: $from, to: $to, timezone: $timezone) {
    from to timezone
    daily { day calls credits }
    byFeature { feature calls credits }
    bySource { source calls credits }
    totals { calls credits refundedCalls }
  }
}`;
const PLATFORM = `query Platform($from: String!, $to: String!, $timezone: String!) {
  platformUsage(from: $from, to: $to, timezone: $timezone) {
    daily { day calls credits activeUsers }
    byFeature { feature calls credits }
    bySource { source calls credits }
    totals { calls credits refundedCalls activeUsers }
  }
}`;

type Call = { at: string; feature?: string; credits?: number; source?: 'API' | 'DASHBOARD'; status?: string };

describe('usage analytics', () => {
  const server = useTestServer();

  async function record(userId: string | null, calls: Call[]) {
    for (const call of calls) {
      await server.dataSource.query(
        `INSERT INTO consumption_logs (id, user_id, feature, credits, source, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), userId, call.feature ?? 'OBJECT_DETECTION', call.credits ?? 1, call.source ?? 'DASHBOARD', call.status ?? 'SUCCEEDED', call.at],
      );
    }
  }

  async function userWithCalls(calls: Call[]): Promise<{ client: GraphQLTestClient; id: string }> {
    const client = server.client();
    const { id } = await signUp(client);
    await record(id, calls);
    return { client, id };
  }

  it('fills days without calls with zero and sums features, sources and totals', async () => {
    const { client } = await userWithCalls([
      { at: '2025-03-02T10:00:00Z', feature: 'OBJECT_DETECTION', credits: 2, source: 'API' },
      { at: '2025-03-02T11:00:00Z', feature: 'OBJECT_DETECTION', credits: 2 },
      { at: '2025-03-04T09:00:00Z', feature: 'BACKGROUND_REMOVAL', credits: 5 },
      { at: '2025-03-04T09:30:00Z', feature: 'BACKGROUND_REMOVAL', credits: 5, status: 'REFUNDED' },
      { at: '2025-03-04T09:45:00Z', feature: 'TEXT_RECOGNITION', credits: 1, source: 'API', status: 'PENDING' },
      // Outside the range on both sides.
      { at: '2025-02-28T23:59:59Z', credits: 100 },
      { at: '2025-03-06T00:00:00Z', credits: 100 },
    ]);
    const { usageSummary } = await client.ok(SUMMARY, { from: '2025-03-01', to: '2025-03-05', timezone: 'UTC' });
    expect(usageSummary).toEqual({
      from: '2025-03-01',
      to: '2025-03-05',
      timezone: 'UTC',
      daily: [
        { day: '2025-03-01', calls: 0, credits: 0 },
        { day: '2025-03-02', calls: 2, credits: 4 },
        { day: '2025-03-03', calls: 0, credits: 0 },
        // The refunded call is a call, but its credits were given back.
        { day: '2025-03-04', calls: 3, credits: 6 },
        { day: '2025-03-05', calls: 0, credits: 0 },
      ],
      byFeature: [
        { feature: 'BACKGROUND_REMOVAL', calls: 2, credits: 5 },
        { feature: 'OBJECT_DETECTION', calls: 2, credits: 4 },
        { feature: 'TEXT_RECOGNITION', calls: 1, credits: 1 },
      ],
      bySource: [
        { source: 'DASHBOARD', calls: 3, credits: 7 },
        { source: 'API', calls: 2, credits: 3 },
      ],
      totals: { calls: 5, credits: 10, refundedCalls: 1 },
    });
  });

  it("cuts days at midnight in the caller's time zone, across a DST change", async () => {
    const { client } = await userWithCalls([
      { at: '2025-03-29T21:30:00Z' }, // Vilnius 23:30 (UTC+2) on the 29th; New York 17:30 on the 29th
      { at: '2025-03-29T22:30:00Z' }, // Vilnius 00:30 on the 30th; UTC 29th
      { at: '2025-03-30T21:30:00Z' }, // Vilnius 00:30 on the 31st (UTC+3 after DST); UTC 30th
      { at: '2025-03-31T03:30:00Z' }, // New York 23:30 on the 30th; Vilnius and UTC the 31st
    ]);
    const daily = async (timezone: string) =>
      ((await client.ok(SUMMARY, { from: '2025-03-29', to: '2025-03-31', timezone })).usageSummary.daily as Array<{ day: string; calls: number }>).map(
        (d) => `${d.day}:${d.calls}`,
      );
    expect(await daily('UTC')).toEqual(['2025-03-29:2', '2025-03-30:1', '2025-03-31:1']);
    expect(await daily('Europe/Vilnius')).toEqual(['2025-03-29:1', '2025-03-30:1', '2025-03-31:2']);
    expect(await daily('America/New_York')).toEqual(['2025-03-29:2', '2025-03-30:2', '2025-03-31:0']);
  });

  promise('001-2-usage-analytics-own-data', "never counts another user's calls", async () => {
    await userWithCalls([{ at: '2025-05-01T12:00:00Z', credits: 9 }]);
    const { client } = await userWithCalls([]);
    const { usageSummary } = await client.ok(SUMMARY, { from: '2025-05-01', to: '2025-05-01', timezone: 'UTC' });
    expect(usageSummary.daily).toEqual([{ day: '2025-05-01', calls: 0, credits: 0 }]);
    expect(usageSummary.byFeature).toEqual([]);
    expect(usageSummary.bySource).toEqual([
      { source: 'DASHBOARD', calls: 0, credits: 0 },
      { source: 'API', calls: 0, credits: 0 },
    ]);
    expect(usageSummary.totals).toEqual({ calls: 0, credits: 0, refundedCalls: 0 });
  });

  it.each([
    [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
    [{ timezone: 'UTC+3' }, 'timezone'],
    [{ timezone: "UTC'; DROP TABLE users; --" }, 'timezone'],
    [{ from: '2025-02-30' }, 'from'],
    [{ from: '2025-3-1' }, 'from'],
    [{ from: '2025-03-10', to: '2025-03-09' }, 'to'],
    [{ from: '2024-01-01', to: '2025-03-01' }, 'to'],
  ])('refuses %j with BAD_USER_INPUT', async (overrides, field) => {
    const { client } = await userWithCalls([]);
    const result = await client.request(SUMMARY, { from: '2025-03-01', to: '2025-03-05', timezone: 'UTC', ...overrides });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('gives admins platform usage with active users per day; users get FORBIDDEN', async () => {
    const range = { from: '2025-08-01', to: '2025-08-03', timezone: 'UTC' };
    const a = await userWithCalls([
      { at: '2025-08-01T10:00:00Z', credits: 2 },
      { at: '2025-08-01T11:00:00Z', credits: 2, source: 'API' },
    ]);
    await userWithCalls([
      { at: '2025-08-01T12:00:00Z', credits: 3, feature: 'FACE_DETECTION' },
      { at: '2025-08-03T12:00:00Z', credits: 3, feature: 'FACE_DETECTION', status: 'REFUNDED' },
    ]);
    // Rows of a deleted account are anonymised: they still count as calls, not as an active user.
    await record(null, [{ at: '2025-08-03T13:00:00Z', credits: 4 }]);

    expect(await a.client.errorCode(PLATFORM, range)).toBe('FORBIDDEN');
    expect(await server.client().errorCode(PLATFORM, range)).toBe('UNAUTHENTICATED');

    const admin = server.client();
    await signUpAdmin(server, admin);
    const { platformUsage } = await admin.ok(PLATFORM, range);
    expect(platformUsage.daily).toEqual([
      { day: '2025-08-01', calls: 3, credits: 7, activeUsers: 2 },
      { day: '2025-08-02', calls: 0, credits: 0, activeUsers: 0 },
      { day: '2025-08-03', calls: 2, credits: 4, activeUsers: 1 },
    ]);
    expect(platformUsage.byFeature).toEqual([
      { feature: 'OBJECT_DETECTION', calls: 3, credits: 8 },
      { feature: 'FACE_DETECTION', calls: 2, credits: 3 },
    ]);
    expect(platformUsage.bySource).toEqual([
      { source: 'DASHBOARD', calls: 4, credits: 9 },
      { source: 'API', calls: 1, credits: 2 },
    ]);
    expect(platformUsage.totals).toEqual({ calls: 5, credits: 11, refundedCalls: 1, activeUsers: 2 });
  });
});
