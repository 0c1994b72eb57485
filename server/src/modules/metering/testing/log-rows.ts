import type { DataSource } from 'typeorm';

/** The consumption_logs columns tests write directly, by property name: the column and its SQL type. */
const COLUMNS = {
  id: ['id', 'uuid'],
  userId: ['user_id', 'uuid'],
  feature: ['feature', 'varchar'],
  credits: ['credits', 'int'],
  source: ['source', 'call_source'],
  status: ['status', 'consumption_status'],
  apiTokenId: ['api_token_id', 'uuid'],
  imageUrl: ['image_url', 'varchar'],
  errorCode: ['error_code', 'varchar'],
  createdAt: ['created_at', 'timestamptz'],
} as const;

export type LogRow = { [K in keyof typeof COLUMNS]?: unknown };

/**
 * Writes log rows straight into consumption_logs, all in one statement (the triggers' set-based
 * path); the columns are the properties of the first row, and rows without an id get a random one.
 */
export async function insertLogRows(dataSource: DataSource, rows: LogRow[]): Promise<void> {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]) as Array<keyof typeof COLUMNS>;
  const generatedId = keys.includes('id') ? [] : ['id'];
  await dataSource.query(
    `INSERT INTO consumption_logs (${[...generatedId, ...keys.map((key) => COLUMNS[key][0])].join(', ')})
     SELECT ${generatedId.length ? 'gen_random_uuid(), ' : ''}* FROM unnest(${keys.map((key, i) => `$${i + 1}::${COLUMNS[key][1]}[]`).join(', ')})`,
    keys.map((key) => rows.map((row) => row[key])),
  );
}
