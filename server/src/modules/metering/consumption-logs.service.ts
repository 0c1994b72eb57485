import { DataSource } from 'typeorm';
import { badInput } from '../../core/errors';
import type { Keyset } from '../../graphql/pagination';
import { CallSource, ConsumptionStatus } from './consumption-log.entity';
import { ConsumptionLogView } from './metering.types';

export interface LogFilter {
  feature?: string | null;
  source?: CallSource | null;
  status?: ConsumptionStatus | null;
  apiTokenId?: string | null;
  /** Inclusive. */
  from?: Date | null;
  /** Exclusive. */
  to?: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads a user's consumption log newest first with keyset pagination on (created_at, id): every
 * page is one ordered range scan of an index led by (user_id[, feature | source | status]) or by
 * api_token_id, however deep the page, so page 1 000 costs what page 1 costs at millions of rows.
 */
export class ConsumptionLogsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Throws BAD_USER_INPUT for a filter no row could match by construction. */
  checkFilter(filter: LogFilter): void {
    if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime()) {
      throw badInput('to', 'to must be after from');
    }
  }

  /** Up to `limit` rows after the cursor (pass first + 1 to learn whether another page exists). */
  async page(userId: string, filter: LogFilter, limit: number, after?: Keyset): Promise<ConsumptionLogView[]> {
    const { sql, params } = this.pageQuery(userId, filter, limit, after);
    return this.dataSource.query(sql, params);
  }

  /** The SQL of a page: exposed so tests and the benchmark can EXPLAIN exactly what `page` runs. */
  pageQuery(userId: string, filter: LogFilter, limit: number, after?: Keyset): { sql: string; params: unknown[] } {
    this.checkFilter(filter);
    if (after && !UUID.test(after.id)) throw badInput('after', 'after is not a valid cursor');
    const params: unknown[] = [userId];
    const where = ['c.user_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.feature) add((p) => `c.feature = ${p}`, filter.feature);
    if (filter.source) add((p) => `c.source = ${p}`, filter.source);
    if (filter.status) add((p) => `c.status = ${p}`, filter.status);
    if (filter.apiTokenId) add((p) => `c.api_token_id = ${p}`, filter.apiTokenId);
    if (filter.from) add((p) => `c.created_at >= ${p}`, filter.from);
    if (filter.to) add((p) => `c.created_at < ${p}`, filter.to);
    if (after) {
      params.push(after.createdAt, after.id);
      where.push(`(c.created_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit);
    const sql = `SELECT c.id, c.feature, c.credits, c.source, c.api_token_id AS "apiTokenId", t.prefix AS "apiTokenPrefix",
              t.name AS "apiTokenName", c.image_url AS "imageUrl", c.status, c.duration_ms AS "durationMs",
              c.error_code AS "errorCode", c.created_at AS "createdAt"
       FROM consumption_logs c
       LEFT JOIN api_tokens t ON t.id = c.api_token_id
       WHERE ${where.join(' AND ')}
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT $${params.length}`;
    return { sql, params };
  }

  /** The whole filtered log in pages of `size`, for exports that must not hold it all in memory. */
  async *batches(userId: string, filter: LogFilter, size = 1000): AsyncGenerator<ConsumptionLogView[]> {
    let after: Keyset | undefined;
    for (;;) {
      const rows = await this.page(userId, filter, size, after);
      if (rows.length > 0) yield rows;
      if (rows.length < size) return;
      const last = rows[rows.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
  }
}
