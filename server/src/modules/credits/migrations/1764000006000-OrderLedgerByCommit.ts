import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's order is the order its rows changed the balance. `created_at` is the start of
 * the writing transaction (now()), so concurrent charges could list out of order; `seq` is drawn
 * when the row is inserted, after the balance update has locked the user's row, so per user it
 * rises in the order the changes applied (and committed).
 */
export class OrderLedgerByCommit1764000006000 implements MigrationInterface {
  name = 'OrderLedgerByCommit1764000006000';

  async up(q: QueryRunner): Promise<void> {
    // Existing rows are numbered in their old order, the best record of it there is.
    await q.query(`ALTER TABLE credit_ledger ADD COLUMN seq bigint`);
    await q.query(`CREATE SEQUENCE credit_ledger_seq_seq OWNED BY credit_ledger.seq`);
    await q.query(`UPDATE credit_ledger l SET seq = o.n FROM (
      SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM credit_ledger) o WHERE o.id = l.id`);
    await q.query(`SELECT setval('credit_ledger_seq_seq', COALESCE((SELECT max(seq) FROM credit_ledger), 0) + 1, false)`);
    await q.query(`ALTER TABLE credit_ledger ALTER COLUMN seq SET DEFAULT nextval('credit_ledger_seq_seq'), ALTER COLUMN seq SET NOT NULL`);
    await q.query(`DROP INDEX credit_ledger_user_created`);
    await q.query(`CREATE UNIQUE INDEX credit_ledger_user_seq ON credit_ledger (user_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX credit_ledger_user_seq`);
    await q.query(`CREATE INDEX credit_ledger_user_created ON credit_ledger (user_id, created_at)`);
    await q.query(`ALTER TABLE credit_ledger DROP COLUMN seq`);
  }
}
