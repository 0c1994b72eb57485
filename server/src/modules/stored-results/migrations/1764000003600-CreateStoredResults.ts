import { sqlMigration } from '../../../db/sql-migration';

export const CreateStoredResults1764000003600 = sqlMigration('CreateStoredResults1764000003600', {
  up: [
    // Only used with STORE_RESULTS=true. The image bytes exist here only as AES-256-GCM ciphertext.
    `
      CREATE TABLE stored_results (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind varchar(10) NOT NULL CONSTRAINT stored_results_kind_known CHECK (kind IN ('ORIGINAL', 'OUTPUT')),
        feature varchar(64) NOT NULL,
        mime varchar(100) NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes >= 0),
        consumption_id uuid,
        iv bytea NOT NULL,
        auth_tag bytea NOT NULL,
        ciphertext bytea NOT NULL,
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX stored_results_user_created ON stored_results (user_id, created_at DESC, id DESC)`,
    `CREATE INDEX stored_results_kind_created ON stored_results (kind, created_at)`,
  ],
  down: [
    `DROP TABLE stored_results`,
  ],
});
