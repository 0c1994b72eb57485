import { sqlMigration } from '../../../db/sql-migration';

export const CreateRetentionRuns1764000003500 = sqlMigration('CreateRetentionRuns1764000003500', {
  up: [
    // One row per run that held the lock: what each job deleted, and any job that failed.
    `
      CREATE TABLE retention_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        run_by varchar(200) NOT NULL,
        deleted jsonb NOT NULL,
        errors jsonb NOT NULL DEFAULT '{}'::jsonb
      )`,
    `CREATE INDEX retention_runs_started ON retention_runs (started_at DESC)`,
  ],
  down: [
    `DROP TABLE retention_runs`,
  ],
});
