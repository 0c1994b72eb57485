import { sqlMigration } from '../../../db/sql-migration';

const SEALED_SECRET = `secret_iv bytea NOT NULL, secret_tag bytea NOT NULL, secret_ciphertext bytea NOT NULL, secret_hint varchar(20) NOT NULL`;

/** Webhooks out (issue 17): endpoints, the account signing secret, deliveries and their attempts. */
export const CreateWebhooks1764000007100 = sqlMigration('CreateWebhooks1764000007100', {
  up: [
    `
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL CONSTRAINT webhook_endpoints_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        url varchar(2048) NOT NULL,
        events text[] NOT NULL CONSTRAINT webhook_endpoints_events_present CHECK (cardinality(events) > 0),
        ${SEALED_SECRET},
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX webhook_endpoints_user_created ON webhook_endpoints (user_id, created_at)`,
    // Signs the deliveries to a job's own webhookUrl (one per account, like Replicate's).
    `
      CREATE TABLE webhook_signing_secrets (
        user_id uuid PRIMARY KEY CONSTRAINT webhook_signing_secrets_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        ${SEALED_SECRET},
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT webhook_deliveries_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        endpoint_id uuid CONSTRAINT webhook_deliveries_endpoint_id_fkey REFERENCES webhook_endpoints(id) ON DELETE SET NULL,
        target varchar(40) NOT NULL,
        job_id varchar(64),
        event_key varchar(120) NOT NULL,
        message_id varchar(40) NOT NULL,
        event_type varchar(20) NOT NULL,
        url varchar(2048) NOT NULL,
        payload text, -- dropped 24 h after the delivery finished (it carries the job's result)
        status varchar(10) NOT NULL DEFAULT 'PENDING' CONSTRAINT webhook_deliveries_status_known CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
        scheduled_attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE UNIQUE INDEX webhook_deliveries_message_id_unique ON webhook_deliveries (message_id)`,
    // One delivery per event and target, however often the job's row announces the same state.
    `CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (event_key, target)`,
    // The delivery loop's claim: due rows only.
    `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'`,
    `CREATE INDEX webhook_deliveries_user_created ON webhook_deliveries (user_id, created_at DESC, id DESC)`,
    `CREATE INDEX webhook_deliveries_endpoint_created ON webhook_deliveries (endpoint_id, created_at DESC, id DESC) WHERE endpoint_id IS NOT NULL`,
    `CREATE INDEX webhook_deliveries_job ON webhook_deliveries (job_id) WHERE job_id IS NOT NULL`,
    `
      CREATE TABLE webhook_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL CONSTRAINT webhook_attempts_delivery_id_fkey REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL,
        status_code integer,
        duration_ms integer NOT NULL,
        error varchar(300)
      )`,
    `CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempted_at)`,
  ],
  down: [
    `DROP TABLE webhook_attempts`,
    `DROP TABLE webhook_deliveries`,
    `DROP TABLE webhook_signing_secrets`,
    `DROP TABLE webhook_endpoints`,
  ],
});
