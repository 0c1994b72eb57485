import { validateSync } from 'class-validator';
import type { Express, Request, Response } from 'express';
import { AppError, ErrorCode, badInput } from '../../core/errors';
import type { Platform } from '../../core/module';
import type { AuthService } from '../auth';
import { csvLine } from './csv';
import { ConsumptionLogsService, LogFilter } from './consumption-logs.service';
import { ConsumptionLogFilter } from './metering.inputs';
import { ConsumptionLogView } from './metering.types';

export const CONSUMPTION_CSV_PATH = '/api/consumption-logs.csv';

const HEADER = ['created_at', 'feature', 'credits', 'source', 'api_token', 'status', 'duration_ms', 'error_code', 'image_url', 'id'];

/** Tokens appear by their visible prefix only, never by id or secret. */
const row = (log: ConsumptionLogView) =>
  csvLine([log.createdAt, log.feature, log.credits, log.source, log.apiTokenPrefix, log.status, log.durationMs, log.errorCode, log.imageUrl, log.id]);

/**
 * GET /api/consumption-logs.csv?feature=&source=&status=&apiTokenId=&from=&to= — the filtered log
 * as a download, newest first, streamed in keyset batches so a long history never sits in memory.
 * Signed in by session cookie or `Authorization: Bearer`; the same filter rules as the GraphQL query.
 */
export function installConsumptionLogCsvRoute(app: Express, services: Pick<Platform, 'clock' | 'logger'> & { auth: AuthService; consumptionLogs: ConsumptionLogsService }): void {
  app.get(CONSUMPTION_CSV_PATH, async (req: Request, res: Response) => {
    try {
      const { viewer, authError } = await services.auth.resolveViewer(req.headers);
      if (!viewer) throw new AppError(ErrorCode.UNAUTHENTICATED, authError ?? 'Sign in first');
      const filter = filterFromQuery(req.query as Record<string, unknown>);
      services.consumptionLogs.checkFilter(filter);

      const day = services.clock.now().toISOString().slice(0, 10);
      res.status(200).set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="consumption-logs-${day}.csv"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.write(csvLine(HEADER));
      let closed = false;
      res.on('close', () => (closed = true));
      for await (const batch of services.consumptionLogs.batches(viewer.userId, filter)) {
        if (closed) return;
        if (!res.write(batch.map(row).join(''))) {
          await new Promise<void>((resolve) => {
            res.once('drain', resolve);
            res.once('close', resolve);
          });
        }
      }
      res.end();
    } catch (error) {
      if (res.headersSent) {
        services.logger.error({ err: error }, 'consumption log export failed mid-stream');
        res.destroy();
        return;
      }
      if (error instanceof AppError) {
        const code = error.extensions.code as ErrorCode;
        const status = code === ErrorCode.UNAUTHENTICATED ? 401 : code === ErrorCode.BAD_USER_INPUT ? 400 : 403;
        res.status(status).json({ error: { code, message: error.message, field: error.extensions.field } });
        return;
      }
      services.logger.error({ err: error }, 'consumption log export failed');
      res.status(500).json({ error: { code: ErrorCode.INTERNAL, message: 'Internal server error' } });
    }
  });
}

/** Query parameters → the validated filter, with the field named on failure. */
export function filterFromQuery(query: Record<string, unknown>): LogFilter {
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw badInput(name, `${name} must be given once`);
    return value;
  };
  const instant = (name: string): Date | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw badInput(name, `${name} must be an ISO 8601 date-time`);
    return date;
  };
  const filter = Object.assign(new ConsumptionLogFilter(), {
    feature: text('feature'),
    source: text('source'),
    status: text('status'),
    apiTokenId: text('apiTokenId'),
    from: instant('from'),
    to: instant('to'),
  });
  const [failure] = validateSync(filter, { forbidUnknownValues: false });
  if (failure) throw badInput(failure.property, Object.values(failure.constraints ?? {})[0] ?? 'Invalid value');
  return filter;
}
