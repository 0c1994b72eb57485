/**
 * The one TypeORM DataSource, for the TypeORM CLI. The server builds the same one through
 * server/src/db/data-source.ts (entities and migrations come from server/src/modules/index.ts).
 * The npm scripts `migration:generate` and `migration:run` use it without ts-node.
 */
import { createDataSource } from './server/src/db/data-source';

export default createDataSource(process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:54329/visiongate');
