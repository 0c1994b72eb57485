import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { modules } from '../modules';

/** Every module's entities and migrations (TypeORM runs migrations in timestamp order). */
export const entities = modules.flatMap((module) => module.entities ?? []);
export const migrations = modules.flatMap((module) => module.migrations ?? []);

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    // Schema changes only through migrations.
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: Number(process.env.DB_POOL_SIZE ?? 20) },
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string, extra: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}

/**
 * Opens the pool, or fails with one line naming the database (never its password) and why it
 * cannot be used, so an operator sees what to fix in DATABASE_URL.
 */
export async function openDataSource(url: string): Promise<DataSource> {
  let where: string;
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    throw new Error('DATABASE_URL is not a valid URL (postgres://user:password@host:5432/database)');
  }
  try {
    return await createDataSource(url).initialize();
  } catch (error) {
    throw new Error(`cannot use the database at ${where} (${connectionFailure(error)}); check DATABASE_URL and that PostgreSQL is running`);
  }
}

function connectionFailure(error: unknown): string {
  // Node reports a refused localhost (tried on ::1 and 127.0.0.1) as an AggregateError without a message.
  const first = error instanceof AggregateError ? error.errors[0] : error;
  const { code, message } = (first ?? {}) as { code?: string; message?: string };
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
  };
  return (code && known[code]) || message || code || 'unknown error';
}
