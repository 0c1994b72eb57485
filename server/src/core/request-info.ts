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

/** Called at the start of every request; observers typically wait for `res` 'finish'. */
export type RequestObserver = (info: RequestInfo) => void;

const infoByRequest = new WeakMap<IncomingMessage, RequestInfo>();

export function attachRequestInfo(info: RequestInfo): void {
  infoByRequest.set(info.req, info);
}

export function requestInfo(req: IncomingMessage): RequestInfo | undefined {
  return infoByRequest.get(req);
}

/** Routes that authenticate on their own record the caller here for the observers. */
export function recordViewer(req: IncomingMessage, viewer: Viewer | null): void {
  const info = infoByRequest.get(req);
  if (info) info.viewer = viewer;
}
