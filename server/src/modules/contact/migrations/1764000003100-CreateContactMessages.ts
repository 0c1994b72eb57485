import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateContactMessages1764000003100 implements MigrationInterface {
  name = 'CreateContactMessages1764000003100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
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
      )`);
    await q.query(`CREATE INDEX contact_messages_created ON contact_messages (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX contact_messages_open ON contact_messages (created_at) WHERE handled_at IS NULL`);
    await q.query(`CREATE INDEX contact_messages_user ON contact_messages (user_id)`);
    await q.query(`CREATE INDEX contact_messages_email ON contact_messages (lower(email))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contact_messages`);
  }
}
