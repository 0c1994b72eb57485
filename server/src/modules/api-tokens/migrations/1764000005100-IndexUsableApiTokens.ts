import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The token list and the 10-active-tokens check read the tokens not revoked: this index keeps
 * that one short range scan however many revoked tokens an account piled up.
 */
export class IndexUsableApiTokens1764000005100 implements MigrationInterface {
  name = 'IndexUsableApiTokens1764000005100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX api_tokens_user_not_revoked ON api_tokens (user_id, created_at DESC, id DESC) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX api_tokens_user_not_revoked`);
  }
}
