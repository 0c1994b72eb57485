import { sqlMigration } from '../../../db/sql-migration';

export const CreateApiTokens1764000001000 = sqlMigration('CreateApiTokens1764000001000', {
  up: [
    `
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT api_tokens_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        token_hash varchar(64) NOT NULL,
        prefix varchar(16) NOT NULL,
        spend_limit integer CONSTRAINT api_tokens_spend_limit_positive CHECK (spend_limit > 0),
        spent_in_month integer NOT NULL DEFAULT 0 CONSTRAINT api_tokens_spent_in_month_non_negative CHECK (spent_in_month >= 0),
        spend_month date,
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    // Every API call looks its token up by hash.
    `CREATE UNIQUE INDEX api_tokens_token_hash_unique ON api_tokens (token_hash)`,
    `CREATE INDEX api_tokens_user_created ON api_tokens (user_id, created_at)`,
  ],
  down: [
    `DROP TABLE api_tokens`,
  ],
});
