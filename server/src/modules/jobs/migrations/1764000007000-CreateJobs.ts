import { sqlMigration } from '../../../db/sql-migration';

export const CreateJobs1764000007000 = sqlMigration('CreateJobs1764000007000', {
  up: [
    // input holds options, the image URL or the prompt: never image bytes (those wait in job_images).
    `
      CREATE TABLE jobs (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        consumption_id uuid NOT NULL UNIQUE,
        batch_id uuid,
        feature varchar(64) NOT NULL,
        kind varchar(10) NOT NULL CONSTRAINT jobs_kind_known CHECK (kind IN ('ANALYSIS', 'GENERATION')),
        status varchar(10) NOT NULL CONSTRAINT jobs_status_known
          CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED', 'EXPIRED')),
        progress real NOT NULL DEFAULT 0,
        credits integer NOT NULL,
        input jsonb NOT NULL,
        webhook_url varchar(2048),
        attempts integer NOT NULL DEFAULT 0,
        cancel_requested boolean NOT NULL DEFAULT false,
        error_code varchar(64),
        error_message varchar(500),
        result jsonb,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        expires_at timestamptz NOT NULL
      )`,
    `CREATE INDEX jobs_user_created ON jobs (user_id, created_at DESC, id DESC)`,
    `CREATE INDEX jobs_batch ON jobs (batch_id) WHERE batch_id IS NOT NULL`,
    `CREATE INDEX jobs_open ON jobs (status, created_at) WHERE status IN ('QUEUED', 'RUNNING')`,
    // A queued upload, AES-256-GCM sealed; deleted when its job ends, swept after JOB_TTL_MINUTES.
    `
      CREATE TABLE job_images (
        job_id uuid PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
        iv bytea NOT NULL,
        auth_tag bytea NOT NULL,
        ciphertext bytea NOT NULL,
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX job_images_created ON job_images (created_at)`,
  ],
  down: [
    `DROP TABLE job_images`,
    `DROP TABLE jobs`,
  ],
});
