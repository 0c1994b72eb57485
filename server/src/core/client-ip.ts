import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * The caller's address under the TRUST_PROXY setting, with the same meaning as express's
 * `trust proxy` (false, true, a hop count, or a list of addresses/subnets).
 */
export function clientIpResolver(trust: boolean | number | string): (req: IncomingMessage) => string {
  // No proxy trusted: the socket's peer, without proxy-addr parsing X-Forwarded-For for nothing.
  if (trust === false) return (req) => req.socket.remoteAddress || 'unknown';
  const trustFn =
    trust === true
      ? () => true
      : typeof trust === 'number'
        ? (_addr: string, hop: number) => hop < trust
        : proxyaddr.compile(trust.split(',').map((s) => s.trim()));
  return (req) => proxyaddr(req, trustFn) || req.socket.remoteAddress || 'unknown';
}
