/**
 * The one TypeORM DataSource, for the TypeORM CLI. The server builds the same one through
 * server/src/app/data-source.ts (entities and migrations come from each module's descriptor).
 * The npm scripts `migration:generate` and `migration:run` use it without ts-node.
 */
import { createDataSource } from './server/src/app/data-source';

export default createDataSource(process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:54329/visiongate');
