import { serverAudits } from 'graphql-http';
import { useTestServer } from '../test/harness';

/**
 * The GraphQL-over-HTTP conformance audits of the `graphql-http` package, run against the real
 * server: every MUST and every SHOULD passes (MAYs are the server's choice and are not asserted).
 */
describe('GraphQL over HTTP conformance (graphql-http serverAudits)', () => {
  const server = useTestServer();

  it('passes every MUST and SHOULD audit', async () => {
    const audits = serverAudits({ url: () => `${server.url}/graphql`, fetchFn: fetch });
    const failed: string[] = [];
    for (const audit of audits) {
      if (audit.name.startsWith('MAY')) continue;
      const result = await audit.fn();
      if (result.status !== 'ok') failed.push(`${audit.id} ${audit.name}: ${'reason' in result ? result.reason : ''}`);
    }
    expect(failed).toEqual([]);
  });
});
