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
  // Helmet's headers do not depend on the request (no CSP nonces): record them once and set the
  // list on each response instead of running the middleware per request.
  const staticHeaders: Array<[string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => staticHeaders.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  headers({ headers: {} } as never, recorder as never, () => undefined);

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    for (const [name, value] of staticHeaders) res.setHeader(name, value);
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
