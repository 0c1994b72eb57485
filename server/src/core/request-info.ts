import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Viewer } from './context';

/**
 * What the server learns about one HTTP request while serving it, available to observers
 * (access log, metrics) on every path — GraphQL and express routes alike.
 */
export interface RequestInfo {
  req: IncomingMessage;
  res: ServerResponse;
  ip: string;
  requestId: string;
  startedAt: bigint;
  /** Set once authentication resolved the caller. */
  viewer: Viewer | null;
}

/** Called once per request, when its response has been sent ('finish'). */
export type RequestObserver = (info: RequestInfo) => void;

// A symbol-keyed field on the request rather than a WeakMap: a WeakMap entry per request made
// every young-generation GC walk an ephemeron table.
const INFO = Symbol('visiongate.requestInfo');
type WithInfo = IncomingMessage & { [INFO]?: RequestInfo };

export function attachRequestInfo(info: RequestInfo): void {
  (info.req as WithInfo)[INFO] = info;
}

export function requestInfo(req: IncomingMessage): RequestInfo | undefined {
  return (req as WithInfo)[INFO];
}

/** Routes that authenticate on their own record the caller here for the observers. */
export function recordViewer(req: IncomingMessage, viewer: Viewer | null): void {
  const info = requestInfo(req);
  if (info) info.viewer = viewer;
}
