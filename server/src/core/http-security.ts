import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from './config';

const ALLOWED_HEADERS = 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name, x-request-id, idempotency-key';

/**
 * Security headers (helmet) and the CORS allow-list for every response, GraphQL included.
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
  // Helmet's headers do not depend on the request (no CSP nonces): record them once as a flat
  // [name, value, name, value…] list instead of running the middleware per request.
  const staticHeaders: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => staticHeaders.push(name, String(value)),
    removeHeader: () => undefined,
  };
  headers({ headers: {} } as never, recorder as never, () => undefined);
  Object.freeze(staticHeaders);

  const allowedOrigin = (req: IncomingMessage): string | null => {
    const origin = req.headers.origin;
    return origin && allowed.has(origin) ? origin : null;
  };
  const headerList = (origin: string | null): readonly string[] =>
    origin
      ? staticHeaders.concat('Access-Control-Allow-Origin', origin, 'Access-Control-Allow-Credentials', 'true', 'Vary', 'Origin')
      : staticHeaders;

  return {
    /**
     * The security and CORS headers of a response to `req`, flat, for `res.writeHead(status,
     * list)`: the hot GraphQL path sends them in one call, where a setHeader per header cost a
     * lowercase copy and a dictionary store each. The list may be shared: copy before changing it.
     */
    headersFor(req: IncomingMessage): readonly string[] {
      return headerList(allowedOrigin(req));
    },

    /** Sets the headers on `res` (express routes). True when a CORS preflight was answered. */
    apply(req: IncomingMessage, res: ServerResponse): boolean {
      const origin = allowedOrigin(req);
      const list = headerList(origin);
      for (let i = 0; i < list.length; i += 2) res.setHeader(list[i], list[i + 1]);
      if (req.method === 'OPTIONS' && origin) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
        res.statusCode = 204;
        res.end();
        return true;
      }
      return false;
    },
  };
}
