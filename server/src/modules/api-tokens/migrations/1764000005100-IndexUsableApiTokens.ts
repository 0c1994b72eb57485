import { sqlMigration } from '../../../db/sql-migration';

/**
 * The token list and the 10-active-tokens check read the tokens not revoked: this index keeps
 * that one short range scan however many revoked tokens an account piled up.
 */
export const IndexUsableApiTokens1764000005100 = sqlMigration('IndexUsableApiTokens1764000005100', {
  up: [
    `CREATE INDEX api_tokens_user_not_revoked ON api_tokens (user_id, created_at DESC, id DESC) WHERE revoked_at IS NULL`,
  ],
  down: [
    `DROP INDEX api_tokens_user_not_revoked`,
  ],
});
