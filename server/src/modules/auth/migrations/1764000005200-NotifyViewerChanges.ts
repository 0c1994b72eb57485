import { notifyRowIdFunction, sqlMigration } from '../../../db/sql-migration';

/**
 * Every change to the columns authentication reads (and `me` answers from) is announced on the
 * `vg_viewer_changed` channel with the user's id, whoever makes it: this process, another
 * replica, a webhook, a retention job or an operator's hand-written SQL. Each process's
 * viewer cache drops the user on the announcement (see viewer-cache.ts).
 */
export const NotifyViewerChanges1764000005200 = sqlMigration('NotifyViewerChanges1764000005200', {
  up: [
    notifyRowIdFunction('notify_viewer_changed', 'vg_viewer_changed'),
    `
      CREATE TRIGGER users_viewer_changed AFTER UPDATE ON users FOR EACH ROW
      WHEN (OLD.email IS DISTINCT FROM NEW.email OR OLD.first_name IS DISTINCT FROM NEW.first_name
         OR OLD.last_name IS DISTINCT FROM NEW.last_name OR OLD.credits IS DISTINCT FROM NEW.credits
         OR OLD.role IS DISTINCT FROM NEW.role OR OLD.token_version IS DISTINCT FROM NEW.token_version
         OR OLD.disabled IS DISTINCT FROM NEW.disabled OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
         OR OLD.id IS DISTINCT FROM NEW.id)
      EXECUTE FUNCTION notify_viewer_changed()`,
    `CREATE TRIGGER users_viewer_deleted AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_viewer_changed()`,
  ],
  down: [
    `DROP TRIGGER users_viewer_deleted ON users`,
    `DROP TRIGGER users_viewer_changed ON users`,
    `DROP FUNCTION notify_viewer_changed()`,
  ],
});
