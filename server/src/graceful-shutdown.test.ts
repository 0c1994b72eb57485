import { TestServer, signUp, startTestServer } from './test/harness';
import { fixtureImage } from './modules/vision/testing/fixtures';
import { FakeServer, sendJson, startFakeServer } from './modules/vision/testing/http-fixture-server';
import { analyzeUpload } from './modules/vision/testing/vision-api';

/**
 * Shutdown (what SIGTERM runs) stops accepting connections but lets a paid call that is
 * already running finish: it is charged once, logged SUCCEEDED, and nothing is left half-written.
 */
describe('graceful shutdown', () => {
  let server: TestServer;
  let slowProvider: FakeServer;
  let providerReached: () => void;
  const reached = new Promise<void>((resolve) => (providerReached = resolve));

  beforeAll(async () => {
    slowProvider = await startFakeServer(async (_request, response) => {
      providerReached();
      await new Promise((r) => setTimeout(r, 1500));
      sendJson(response, 200, [{ label: 'astronaut', score: 93 }]);
    });
    server = await startTestServer({
      env: {
        SENTISIGHT_TOKEN: 'token',
        SENTISIGHT_API_BASE: slowProvider.url,
        VISION_PROVIDERS: 'GENERAL_CLASSIFICATION=sentisight',
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await slowProvider.close();
  });

  it('finishes the in-flight paid call, refuses new connections, and leaves consistent rows', async () => {
    const client = server.client();
    const user = await signUp(client);
    const call = analyzeUpload(client, 'GENERAL_CLASSIFICATION', fixtureImage('astronaut.png'));
    await reached;

    const shutdown = server.app.close();
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

    const response = await call;
    expect(response.errors).toBeUndefined();
    expect(response.data?.analyzeImage.labels[0].label).toBe('astronaut');
    await shutdown;

    const logs = await server.dataSource.query('SELECT status FROM consumption_logs WHERE user_id = $1', [user.id]);
    expect(logs).toEqual([{ status: 'SUCCEEDED' }]);
    const [{ credits }] = await server.dataSource.query('SELECT credits FROM users WHERE id = $1', [user.id]);
    const [{ sum }] = await server.dataSource.query('SELECT sum(delta)::int AS sum FROM credit_ledger WHERE user_id = $1', [user.id]);
    expect(credits).toBe(sum);
    expect(credits).toBe(50 - response.data?.analyzeImage.creditsCharged);
  });
});
