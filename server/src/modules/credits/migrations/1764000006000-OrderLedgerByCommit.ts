import { sqlMigration } from '../../../db/sql-migration';

/**
 * The ledger's order is the order its rows changed the balance. `created_at` is the start of
 * the writing transaction (now()), so concurrent charges could list out of order; `seq` is drawn
 * when the row is inserted, after the balance update has locked the user's row, so per user it
 * rises in the order the changes applied (and committed).
 */
export const OrderLedgerByCommit1764000006000 = sqlMigration('OrderLedgerByCommit1764000006000', {
  up: [
    // Existing rows are numbered in their old order, the best record of it there is.
    `ALTER TABLE credit_ledger ADD COLUMN seq bigint`,
    `CREATE SEQUENCE credit_ledger_seq_seq OWNED BY credit_ledger.seq`,
    `UPDATE credit_ledger l SET seq = o.n FROM (
      SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM credit_ledger) o WHERE o.id = l.id`,
    `SELECT setval('credit_ledger_seq_seq', COALESCE((SELECT max(seq) FROM credit_ledger), 0) + 1, false)`,
    `ALTER TABLE credit_ledger ALTER COLUMN seq SET DEFAULT nextval('credit_ledger_seq_seq'), ALTER COLUMN seq SET NOT NULL`,
    `DROP INDEX credit_ledger_user_created`,
    `CREATE UNIQUE INDEX credit_ledger_user_seq ON credit_ledger (user_id, seq)`,
  ],
  down: [
    `DROP INDEX credit_ledger_user_seq`,
    `CREATE INDEX credit_ledger_user_created ON credit_ledger (user_id, created_at)`,
    `ALTER TABLE credit_ledger DROP COLUMN seq`,
  ],
});
