import { sqlMigration } from '../../../db/sql-migration';

export const CreateAccessLogs1764000003200 = sqlMigration('CreateAccessLogs1764000003200', {
  up: [
    // No foreign key on user_id: one insert per request should not lock users rows; erasure nulls it.
    `
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
      )`,
    `CREATE INDEX access_logs_created ON access_logs (created_at)`,
    `CREATE INDEX access_logs_user ON access_logs (user_id, created_at) WHERE user_id IS NOT NULL`,
  ],
  down: [
    `DROP TABLE access_logs`,
  ],
});
