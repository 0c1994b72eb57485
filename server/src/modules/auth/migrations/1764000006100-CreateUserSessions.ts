import { notifyRowIdFunction, sqlMigration } from '../../../db/sql-migration';

/**
 * Server-side sessions: every sign-in is a row whose id travels in the session cookie (JWT `sid`),
 * so one device can be signed out at once. A revocation (or a deleted row) is announced on
 * `vg_session_revoked` with the session id, whoever makes it, and every process drops the session
 * from its memory (session.service.ts); `last_seen_at` updates are not announced.
 */
export const CreateUserSessions1764000006100 = sqlMigration('CreateUserSessions1764000006100', {
  up: [
    `
      CREATE TABLE user_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT user_sessions_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip varchar(64),
        browser varchar(100)
      )`,
    `CREATE INDEX user_sessions_user_created ON user_sessions (user_id, created_at)`,
    // The retention job deletes by age.
    `CREATE INDEX user_sessions_created ON user_sessions (created_at)`,
    notifyRowIdFunction('notify_session_revoked', 'vg_session_revoked'),
    `
      CREATE TRIGGER user_sessions_revoked AFTER UPDATE ON user_sessions FOR EACH ROW
      WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
         OR OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.id IS DISTINCT FROM NEW.id)
      EXECUTE FUNCTION notify_session_revoked()`,
    `CREATE TRIGGER user_sessions_deleted AFTER DELETE ON user_sessions FOR EACH ROW EXECUTE FUNCTION notify_session_revoked()`,
  ],
  down: [
    `DROP TABLE user_sessions`,
    `DROP FUNCTION notify_session_revoked()`,
  ],
});
