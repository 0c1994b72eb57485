import type { AddressInfo } from 'node:net';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** The address a browser on this machine can open: a wildcard listener answers on localhost. */
export function listenUrl(address: Pick<AddressInfo, 'address' | 'port' | 'family'>): string {
  if (WILDCARDS.has(address.address)) return `http://localhost:${address.port}`;
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * What the server prints once it listens (from `httpServer.address()`): the address it answers on and, when PUBLIC_URL names
 * another origin, one line saying so. Stripe redirects and mail links go to PUBLIC_URL and the
 * session cookie belongs to the host it was set on, so someone who opened the listen address lands
 * logged out after a checkout.
 */
export function listenBanner(address: AddressInfo | string | null, publicUrl: string): string {
  if (!address || typeof address === 'string') return `\n  VisionGate listening on ${address ?? 'an unknown address'}\n`;
  const url = listenUrl(address);
  const where = WILDCARDS.has(address.address) ? ` (all interfaces, port ${address.port})` : '';
  const lines = [`VisionGate listening on ${url}${where}   GraphQL: ${url}/graphql`];
  const publicOrigin = originOf(publicUrl);
  if (publicOrigin !== new URL(url).origin) {
    lines.push(
      `PUBLIC_URL is ${publicOrigin}, not ${url}: Stripe redirects and mail links go to PUBLIC_URL, so open the app there ` +
        `(a session started on ${url} is logged out after checkout) or set PUBLIC_URL=${url}`,
    );
  }
  return `\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
