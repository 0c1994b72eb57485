import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from './config';

const ALLOWED_HEADERS = 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name, x-request-id, idempotency-key';

/**
 * Security headers (helmet) and the CORS allow-list for every response, GraphQL included.
 * Returns true when the request was a CORS preflight and has been answered.
 */
export function createHttpSecurity(config: Config) {
  const headers = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Result images and cut-outs are shown from data: and blob: URLs; nothing loads from elsewhere.
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: config.production,
  });
  const allowed = new Set(config.corsOrigins);

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    headers(req as never, res as never, () => undefined);
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
        res.statusCode = 204;
        res.end();
        return true;
      }
    }
    return false;
  };
}
