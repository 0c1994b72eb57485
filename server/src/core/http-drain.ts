import type http from 'node:http';
import net from 'node:net';
import { ErrorCode } from './errors';
import { errorBody } from './error-body';
import { withTimeLimit } from './time-limit';

/** Seconds a client refused during shutdown should wait: about as long as a replacement takes to start. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Graceful shutdown of one HTTP server: once draining, every new request (on a keep-alive
 * connection that is still open) is answered 503 SERVICE_UNAVAILABLE with `Connection: close`,
 * requests already running finish, and sockets still busy at the deadline are cut.
 */
export class HttpDrain {
  private readonly inFlight = new Set<http.ServerResponse>();
  private draining = false;
  private idle: (() => void) | null = null;
  private readonly onClose = responseListener((res) => this.settled(res));

  constructor(private readonly server: http.Server) {}

  /**
   * Call first for every request. Answers false (and has sent the 503) when the server is
   * draining; otherwise tracks the request until its response is done.
   */
  admit(res: http.ServerResponse, requestId: string): boolean {
    if (this.draining) {
      refuse(res, requestId);
      return false;
    }
    this.inFlight.add(res);
    res.once('close', this.onClose);
    return true;
  }

  /**
   * Stops accepting connections, lets running requests finish for up to `timeoutMs`, then closes
   * every connection, cutting what still runs. Answers how many requests were cut.
   *
   * Idle keep-alive connections stay open meanwhile (http.Server#close would drop them): a
   * request a client sends on one gets a typed 503 instead of a reset connection.
   */
  async drain(timeoutMs: number): Promise<{ inFlight: number; cut: number }> {
    this.draining = true;
    const inFlight = this.inFlight.size;
    net.Server.prototype.close.call(this.server);
    // Answers still to come close their connection, so clients move to another instance.
    for (const res of this.inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    if (this.inFlight.size > 0) {
      await withTimeLimit(new Promise<void>((resolve) => (this.idle = resolve)), timeoutMs);
    }
    const cut = this.inFlight.size;
    this.server.closeAllConnections();
    return { inFlight, cut };
  }

  private settled(res: http.ServerResponse): void {
    this.inFlight.delete(res);
    if (this.draining && this.inFlight.size === 0) this.idle?.();
  }
}

/** One shared listener (`this` is the response): no closure per request. */
function responseListener(handle: (res: http.ServerResponse) => void) {
  return function (this: http.ServerResponse) {
    handle(this);
  };
}

function refuse(res: http.ServerResponse, requestId: string): void {
  const body = errorBody('The server is shutting down; retry in a few seconds', ErrorCode.SERVICE_UNAVAILABLE, requestId, {
    retryAfter: RETRY_AFTER_SECONDS,
  });
  res.shouldKeepAlive = false;
  res.writeHead(503, [
    'content-type', 'application/json; charset=utf-8',
    'retry-after', String(RETRY_AFTER_SECONDS),
    'connection', 'close',
    'cache-control', 'no-store',
    'x-content-type-options', 'nosniff',
    'x-request-id', requestId,
  ]);
  res.end(body);
  // The body of a refused request is not read; drop it rather than buffer it.
  res.req.resume();
}
