import { sqlMigration } from '../../../db/sql-migration';

export const CreateOutbox1764000003000 = sqlMigration('CreateOutbox1764000003000', {
  up: [
    // HELD: no SMTP configured (development, tests); FAILED: SMTP refused it, retried later; SENT: retried fine.
    `
      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        kind varchar(40) NOT NULL,
        to_address varchar(320) NOT NULL,
        subject varchar(300) NOT NULL,
        body text NOT NULL,
        status varchar(10) NOT NULL CONSTRAINT outbox_status_known CHECK (status IN ('HELD', 'FAILED', 'SENT')),
        attempts integer NOT NULL DEFAULT 0,
        last_error varchar(500),
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`,
    `CREATE INDEX outbox_status_created ON outbox (status, created_at)`,
    `CREATE INDEX outbox_user ON outbox (user_id)`,
    // "At most once a day" mails (low balance) claim their slot here atomically.
    `
      CREATE TABLE notification_throttle (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind varchar(40) NOT NULL,
        last_sent_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, kind)
      )`,
  ],
  down: [
    `DROP TABLE notification_throttle`,
    `DROP TABLE outbox`,
  ],
});
