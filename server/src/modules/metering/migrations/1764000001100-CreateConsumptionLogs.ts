import { sqlMigration } from '../../../db/sql-migration';

export const CreateConsumptionLogs1764000001100 = sqlMigration('CreateConsumptionLogs1764000001100', {
  up: [
    `CREATE TYPE call_source AS ENUM ('DASHBOARD', 'API')`,
    `CREATE TYPE consumption_status AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED')`,
    // fillfactor 90: the PENDING → SUCCEEDED update touches no indexed column and stays a HOT update.
    `
      CREATE TABLE consumption_logs (
        id uuid PRIMARY KEY,
        user_id uuid CONSTRAINT consumption_logs_user_id_fkey REFERENCES users(id) ON DELETE SET NULL,
        feature varchar(64) NOT NULL,
        credits integer NOT NULL CONSTRAINT consumption_logs_credits_non_negative CHECK (credits >= 0),
        source call_source NOT NULL,
        api_token_id uuid CONSTRAINT consumption_logs_api_token_id_fkey REFERENCES api_tokens(id) ON DELETE SET NULL,
        image_url varchar(2048),
        status consumption_status NOT NULL DEFAULT 'PENDING',
        duration_ms integer,
        error_code varchar(64),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      ) WITH (fillfactor = 90)`,
    // The log page and the per-user summary: newest first by (created_at, id) keyset.
    `CREATE INDEX consumption_logs_user_created ON consumption_logs (user_id, created_at DESC, id DESC)`,
    `CREATE INDEX consumption_logs_user_feature_created ON consumption_logs (user_id, feature, created_at DESC, id DESC)`,
    // Filtering by token (a token belongs to one user) and ON DELETE SET NULL when tokens are deleted.
    `CREATE INDEX consumption_logs_token_created ON consumption_logs (api_token_id, created_at DESC, id DESC)
      WHERE api_token_id IS NOT NULL`,
    // Platform-wide analytics by time range.
    `CREATE INDEX consumption_logs_created ON consumption_logs (created_at)`,

    `
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL CONSTRAINT idempotency_keys_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        key varchar(255) NOT NULL,
        fingerprint varchar(128) NOT NULL,
        consumption_id uuid NOT NULL CONSTRAINT idempotency_keys_consumption_id_fkey
          REFERENCES consumption_logs(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        result jsonb,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key)
      )`,
    `CREATE UNIQUE INDEX idempotency_keys_consumption_unique ON idempotency_keys (consumption_id)`,
    `CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`,
  ],
  down: [
    `DROP TABLE idempotency_keys`,
    `DROP TABLE consumption_logs`,
    `DROP TYPE consumption_status`,
    `DROP TYPE call_source`,
  ],
});
