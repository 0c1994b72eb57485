import { signUp, useTestServer } from '../../test/harness';
import { LedgerReason } from './ledger-entry.entity';

const LEDGER = `query Ledger($first: Int, $after: String) {
  creditLedger(first: $first, after: $after) { nodes { id delta reason balanceAfter } pageInfo { endCursor hasNextPage } }
}`;

interface Row {
  id: string;
  delta: number;
  reason: string;
  balanceAfter: number;
}

describe('creditLedger order', () => {
  const server = useTestServer();

  it('lists changes newest first in the order they applied, after concurrent charges and a late-committing transaction', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { credits, metering } = server.app.services;
    await credits.apply({ userId: user.id, delta: 100, reason: LedgerReason.ADMIN_ADJUSTMENT, note: 'test' });

    // A transaction that starts (created_at = now()) before the burst but changes the balance after it.
    const late = server.dataSource.createQueryRunner();
    await late.connect();
    await late.startTransaction();
    await late.query('SELECT now()');

    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        metering.charge({
          userId: user.id,
          credits: 1 + (i % 3),
          feature: 'OBJECT_DETECTION',
          source: 'DASHBOARD',
          apiTokenId: null,
          requestFingerprint: `burst-${i}`,
        }),
      ),
    );
    expect(burst.every((outcome) => outcome.kind === 'charged')).toBe(true);
    await credits.apply({ userId: user.id, delta: 7, reason: LedgerReason.ADMIN_ADJUSTMENT, note: 'late' }, late.manager);
    await late.commitTransaction();
    await late.release();

    const [{ credits: balance }] = await server.dataSource.query('SELECT credits FROM users WHERE id = $1', [user.id]);
    const all: Row[] = (await client.ok(LEDGER, { first: 200 })).creditLedger.nodes;
    expect(all).toHaveLength(33); // sign-up bonus, top-up, 30 charges, the late grant
    expect(all[0]).toMatchObject({ delta: 7, balanceAfter: balance });
    // Oldest to newest, each row's balance is the previous one plus its delta.
    const oldestFirst = [...all].reverse();
    expect(oldestFirst[0]).toMatchObject({ reason: 'SIGNUP_BONUS', balanceAfter: oldestFirst[0].delta });
    for (let i = 1; i < oldestFirst.length; i++) {
      expect(oldestFirst[i].balanceAfter).toBe(oldestFirst[i - 1].balanceAfter + oldestFirst[i].delta);
    }

    // Paging with the cursor walks the same order, no row twice or missing.
    const paged: Row[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { nodes: Row[]; pageInfo: { endCursor: string; hasNextPage: boolean } } = (await client.ok(LEDGER, { first: 7, after }))
        .creditLedger;
      paged.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged.map((r) => r.id)).toEqual(all.map((r) => r.id));
  });

  it('refuses a forged cursor with BAD_USER_INPUT', async () => {
    const client = server.client();
    await signUp(client);
    for (const after of ['nonsense', Buffer.from('seq:1; DROP TABLE users').toString('base64url'), Buffer.from(`2026-01-01T00:00:00.000Z|x`).toString('base64url')]) {
      const result = await client.request(LEDGER, { first: 5, after });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });
});
