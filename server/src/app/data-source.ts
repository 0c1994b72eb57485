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
