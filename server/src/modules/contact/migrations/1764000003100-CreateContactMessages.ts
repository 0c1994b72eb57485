import { sqlMigration } from '../../../db/sql-migration';

export const CreateContactMessages1764000003100 = sqlMigration('CreateContactMessages1764000003100', {
  up: [
    `
      CREATE TABLE contact_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        name varchar(100) NOT NULL,
        email varchar(320) NOT NULL,
        subject varchar(200) NOT NULL,
        message text NOT NULL,
        handled_at timestamptz,
        handled_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX contact_messages_created ON contact_messages (created_at DESC, id DESC)`,
    `CREATE INDEX contact_messages_open ON contact_messages (created_at) WHERE handled_at IS NULL`,
    `CREATE INDEX contact_messages_user ON contact_messages (user_id)`,
    `CREATE INDEX contact_messages_email ON contact_messages (lower(email))`,
  ],
  down: [
    `DROP TABLE contact_messages`,
  ],
});
