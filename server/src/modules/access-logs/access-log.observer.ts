import type { RequestObserver } from '../../core/request-info';
import type { AccessLogService } from './access-log.service';

/**
 * The access log as a request observer (every path, GraphQL included): once the response has
 * finished it records ip, method, path (no query string), status, user id, user agent, time and
 * duration. Never bodies, cookies or authorization headers.
 */
export function accessLogObserver(services: { accessLogs: AccessLogService }): RequestObserver {
  return ({ req, res, ip, viewer, startedAt }) => {
    const userAgent = req.headers['user-agent'];
    services.accessLogs.record({
      ip,
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0],
      status: res.statusCode,
      // Set by authentication (GraphQL context, or routes calling recordViewer) while serving.
      userId: viewer?.userId ?? null,
      userAgent: typeof userAgent === 'string' ? userAgent : null,
      durationMs: Number(process.hrtime.bigint() - startedAt) / 1e6,
    });
  };
}
