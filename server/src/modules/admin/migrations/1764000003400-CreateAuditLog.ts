import { sqlMigration } from '../../../db/sql-migration';

export const CreateAuditLog1764000003400 = sqlMigration('CreateAuditLog1764000003400', {
  up: [
    // Users are never hard-deleted (erasure leaves a tombstone), so actor_id can keep its reference.
    `
      CREATE TABLE audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        actor_id uuid REFERENCES users(id),
        action varchar(100) NOT NULL,
        target_type varchar(50) NOT NULL,
        target_id varchar(100),
        before jsonb,
        after jsonb,
        ip varchar(64),
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX audit_log_created ON audit_log (created_at DESC, id DESC)`,
    `CREATE INDEX audit_log_target ON audit_log (target_type, target_id, created_at DESC)`,
    `CREATE INDEX audit_log_actor ON audit_log (actor_id, created_at DESC)`,
    // Append-only: an audit trail that can be edited proves nothing.
    `
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`,
    `CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
  ],
  down: [
    `DROP TABLE audit_log`,
    `DROP FUNCTION audit_log_append_only()`,
  ],
});
