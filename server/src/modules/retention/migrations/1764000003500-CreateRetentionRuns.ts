import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRetentionRuns1764000003500 implements MigrationInterface {
  name = 'CreateRetentionRuns1764000003500';

  async up(q: QueryRunner): Promise<void> {
    // One row per run that held the lock: what each job deleted, and any job that failed.
    await q.query(`
      CREATE TABLE retention_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        run_by varchar(200) NOT NULL,
        deleted jsonb NOT NULL,
        errors jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX retention_runs_started ON retention_runs (started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retention_runs`);
  }
}
