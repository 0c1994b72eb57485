import { sqlMigration } from '../../../db/sql-migration';

export const CreatePrivacyRecords1764000003300 = sqlMigration('CreatePrivacyRecords1764000003300', {
  up: [
    // Every consent and preference change with its time (seed 001 §8). Rows hold no personal
    // data beyond the user id, so they stay after an erasure as proof of what was agreed.
    `
      CREATE TABLE consent_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        subject varchar(40) NOT NULL,
        enabled boolean NOT NULL,
        source varchar(20) NOT NULL,
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX consent_log_user_created ON consent_log (user_id, created_at, id)`,

    `
      CREATE TABLE data_rights_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        type varchar(20) NOT NULL CONSTRAINT data_rights_requests_type_known
          CHECK (type IN ('EXPORT', 'DELETE', 'RESTRICT', 'OBJECT', 'RECTIFY')),
        status varchar(20) NOT NULL CONSTRAINT data_rights_requests_status_known
          CHECK (status IN ('OPEN', 'COMPLETED', 'REJECTED')),
        details varchar(2000),
        resolution varchar(2000),
        handled_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        completed_at timestamptz,
        CONSTRAINT data_rights_requests_completed_when_closed CHECK ((status = 'OPEN') = (completed_at IS NULL))
      )`,
    `CREATE INDEX data_rights_requests_user_created ON data_rights_requests (user_id, created_at DESC, id DESC)`,
    `CREATE INDEX data_rights_requests_open_due ON data_rights_requests (due_at, id) WHERE status = 'OPEN'`,
  ],
  down: [
    `DROP TABLE data_rights_requests`,
    `DROP TABLE consent_log`,
  ],
});
