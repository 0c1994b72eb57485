import { sqlMigration } from '../../../db/sql-migration';

export const CreateCreditLedger1764000000100 = sqlMigration('CreateCreditLedger1764000000100', {
  up: [
    `CREATE TYPE ledger_reason AS ENUM
      ('SIGNUP_BONUS', 'PURCHASE', 'CONSUMPTION', 'REFUND', 'CHARGEBACK', 'ADMIN_ADJUSTMENT')`,
    `
      CREATE TABLE credit_ledger (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        delta integer NOT NULL CONSTRAINT credit_ledger_delta_non_zero CHECK (delta <> 0),
        reason ledger_reason NOT NULL,
        reference varchar(255),
        note varchar(500),
        balance_after integer NOT NULL CHECK (balance_after >= 0),
        -- Millisecond precision: the keyset cursor carries milliseconds, so rows must too.
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX credit_ledger_user_created ON credit_ledger (user_id, created_at)`,
    // An outside id (payment, consumption) can move credits once per reason: retries cannot grant twice.
    `CREATE UNIQUE INDEX credit_ledger_reason_reference_unique
      ON credit_ledger (reason, reference) WHERE reference IS NOT NULL`,
  ],
  down: [
    `DROP TABLE credit_ledger`,
    `DROP TYPE ledger_reason`,
  ],
});
