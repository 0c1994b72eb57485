import net from 'node:net';
import { TestServer, signUp, startTestServer } from '../test/harness';

/**
 * A TCP proxy between the app and PostgreSQL: dropping it cuts every connection and refuses
 * new ones, which is what the app sees while PostgreSQL restarts.
 */
class FlakyProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(port = 0): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

describe('database outage', () => {
  let server: TestServer;
  let proxy: FlakyProxy;

  beforeAll(async () => {
    const admin = new URL(process.env.VG_TEST_ADMIN_URL!);
    proxy = new FlakyProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    await proxy.start();
    server = await startTestServer({
      databaseUrl: (url) => {
        const viaProxy = new URL(url);
        viaProxy.hostname = '127.0.0.1';
        viaProxy.port = String(proxy.port);
        return viaProxy.toString();
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await proxy.stop().catch(() => undefined);
  });

  it('answers SERVICE_UNAVAILABLE while PostgreSQL is gone, never crashes, and recovers by itself', async () => {
    const client = server.client();
    const user = await signUp(client);
    const me = '{ me { id credits } }';
    expect((await client.ok(me)).me.id).toBe(user.id);

    // Load while the database disappears.
    const during = Array.from({ length: 30 }, () => client.request(me));
    await proxy.stop();
    const results = await Promise.all([...during, ...Array.from({ length: 10 }, () => client.request(me))]);
    const codes = new Set(results.flatMap((r) => r.errors?.map((e) => e.extensions?.code) ?? []));
    for (const result of results) expect(result.status).not.toBe(500);
    expect([...codes].every((code) => code === 'SERVICE_UNAVAILABLE')).toBe(true);
    const down = await client.request(me);
    expect(down.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(down.errors?.[0].extensions?.requestId).toBe(down.headers.get('x-request-id'));
    expect(JSON.stringify(down)).not.toMatch(/ECONNREFUSED|postgres|at /);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { requestId?: string }).requestId).toBe(ready.headers.get('x-request-id'));

    // PostgreSQL is back on the same address: the pool reconnects without a restart.
    await proxy.start(proxy.port);
    let recovered = false;
    for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
      const result = await client.request(me);
      recovered = result.data?.me?.id === user.id;
      if (!recovered) await new Promise((r) => setTimeout(r, 100));
    }
    expect(recovered).toBe(true);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
