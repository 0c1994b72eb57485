import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../core/config';
import { createDataSource } from '../app';
import { startEmbeddedPostgres } from '../db/embedded-postgres';

/** Runs a maintenance task on DATABASE_URL, or on the embedded PostgreSQL when it is unset. */
export async function withDatabase<T>(task: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
  const dataSource = await createDataSource(config.databaseUrl ?? embedded!.url).initialize();
  try {
    return await task(dataSource);
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

export function runScript(main: () => Promise<void>): void {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
