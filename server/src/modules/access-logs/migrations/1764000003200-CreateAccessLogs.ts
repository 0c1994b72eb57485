import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccessLogs1764000003200 implements MigrationInterface {
  name = 'CreateAccessLogs1764000003200';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key on user_id: one insert per request should not lock users rows; erasure nulls it.
    await q.query(`
      CREATE TABLE access_logs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        created_at timestamptz NOT NULL,
        ip varchar(64) NOT NULL,
        method varchar(10) NOT NULL,
        path varchar(2048) NOT NULL,
        status smallint NOT NULL,
        user_id uuid,
        user_agent varchar(512),
        duration_ms integer NOT NULL
      )`);
    await q.query(`CREATE INDEX access_logs_created ON access_logs (created_at)`);
    await q.query(`CREATE INDEX access_logs_user ON access_logs (user_id, created_at) WHERE user_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_logs`);
  }
}
