import { signUp, type TestServer } from '../../../test/harness';
import { LedgerReason } from '../../credits';
import type { ChargeRequest } from '../metering.service';

/** A signed-up user (50 bonus credits) topped up or down to `balance` through the ledger. */
export async function userWithBalance(server: TestServer, balance: number) {
  const client = server.client();
  const user = await signUp(client);
  if (balance !== 50) {
    await server.app.services.credits.apply({ userId: user.id, delta: balance - 50, reason: LedgerReason.ADMIN_ADJUSTMENT, note: 'test' });
  }
  return { ...user, client };
}

/** A dashboard charge of 1 credit for OBJECT_DETECTION, changed by `overrides`. */
export const chargeRequest = (userId: string, overrides: Partial<ChargeRequest> = {}, requestFingerprint = 'fingerprint-a'): ChargeRequest => ({
  userId,
  credits: 1,
  feature: 'OBJECT_DETECTION',
  source: 'DASHBOARD',
  apiTokenId: null,
  requestFingerprint,
  ...overrides,
});

/** The user's balance, after checking that it equals the sum of their ledger. */
export async function ledgerAgrees(server: TestServer, userId: string): Promise<number> {
  const [row] = await server.dataSource.query(
    `SELECT u.credits, (SELECT COALESCE(sum(delta), 0)::int FROM credit_ledger WHERE user_id = u.id) AS ledger FROM users u WHERE u.id = $1`,
    [userId],
  );
  expect(row.ledger).toBe(row.credits);
  return row.credits as number;
}
