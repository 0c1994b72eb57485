/**
 * Installed as `beforeConnect` in tests: even if the SSRF checks regressed, a test must never
 * open a connection beyond loopback (the only network a test may touch).
 */
export function loopbackTripwire(address: string): void {
  if (!/^(127\.|::1$|::ffff:127\.)/.test(address)) throw new Error(`tripwire: would have connected to ${address}`);
}
