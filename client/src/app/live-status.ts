import { useSyncExternalStore } from 'react';

/**
 * Whether live updates (GraphQL subscriptions over the WebSocket) can be relied on:
 * - `unknown`: no socket opened yet (or none at all, as in component tests);
 * - `connected`: the socket is open and acknowledged;
 * - `down`: the socket closed or failed, or a subscription was refused (e.g. a server without it).
 * Pages poll while it is not `connected`/confirmed, so progress still shows without the socket.
 */
export type LiveStatus = 'unknown' | 'connected' | 'down';

let status: LiveStatus = 'unknown';
const listeners = new Set<() => void>();

export function setLiveStatus(next: LiveStatus) {
  if (next === status) return;
  status = next;
  listeners.forEach((listener) => listener());
}

export function getLiveStatus(): LiveStatus {
  return status;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribe, getLiveStatus, getLiveStatus);
}
