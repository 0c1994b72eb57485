import { randomUUID } from 'node:crypto';
import { GraphQLTestClient, TestServer, signUp, startTestServer } from '../../test/harness';
import { insertLogRows } from './testing/log-rows';

const LOGS = `query Logs($filter: ConsumptionLogFilter, $first: Int, $after: String) {
  consumptionLogs(filter: $filter, first: $first, after: $after) {
    nodes { id feature credits source apiTokenId apiTokenPrefix status imageUrl durationMs errorCode createdAt }
    pageInfo { endCursor hasNextPage }
  }
}`;

interface Fixture {
  id: string;
  feature: string;
  credits: number;
  source: 'DASHBOARD' | 'API';
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'REFUNDED';
  apiTokenId: string | null;
  imageUrl: string | null;
  errorCode: string | null;
  createdAt: Date;
}

describe('consumption logs', () => {
  let server: TestServer;
  let client: GraphQLTestClient;
  let userId: string;
  let token: { id: string; prefix: string; name: string; secret: string };
  const rows: Fixture[] = [];
  const base = Date.parse('2025-06-01T00:00:00Z');

  /** Bulk fixtures through SQL; many rows share a timestamp so the id tie-break is exercised. */
  async function insert(owner: string | null, fixtures: Fixture[]) {
    await insertLogRows(server.dataSource, fixtures.map((fixture) => ({ ...fixture, userId: owner })));
  }


  beforeAll(async () => {
    server = await startTestServer();
    client = server.client();
    userId = (await signUp(client)).id;
    const created = await server.app.services.apiTokens.create(userId, { name: 'Build server' });
    token = { id: created.token.id, prefix: created.token.prefix, name: created.token.name, secret: created.secret };
    const features = ['OBJECT_DETECTION', 'TEXT_RECOGNITION', 'BACKGROUND_REMOVAL'];
    const statuses = ['SUCCEEDED', 'SUCCEEDED', 'REFUNDED', 'PENDING'] as const;
    for (let i = 0; i < 95; i++) {
      const viaApi = i % 3 === 0;
      rows.push({
        id: randomUUID(),
        feature: features[i % 3 === 1 ? 1 : i % 5 === 0 ? 2 : 0],
        credits: 1 + (i % 4),
        source: viaApi ? 'API' : 'DASHBOARD',
        status: statuses[i % 4],
        apiTokenId: viaApi ? token.id : null,
        imageUrl: viaApi ? `https://images.example.com/${i}.jpg` : null,
        errorCode: statuses[i % 4] === 'REFUNDED' ? 'PROVIDER_ERROR' : null,
        // Groups of 4 rows share one instant.
        createdAt: new Date(base + Math.floor(i / 4) * 60_000),
      });
    }
    await insert(userId, rows);
    // Someone else's calls never show up.
    const stranger = await signUp(server.client());
    await insert(
      stranger.id,
      rows.slice(0, 10).map((r) => ({ ...r, id: randomUUID(), apiTokenId: null })),
    );
  });
  afterAll(() => server.close());

  const newestFirst = (list: Fixture[]) =>
    [...list].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((r) => r.id);

  async function pageThrough(filter: Record<string, unknown> | null, first: number, as = client): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const data: any = await as.ok(LOGS, { filter, first, after });
      ids.push(...data.consumptionLogs.nodes.map((n: { id: string }) => n.id));
      if (!data.consumptionLogs.pageInfo.hasNextPage) return ids;
      after = data.consumptionLogs.pageInfo.endCursor;
    }
    throw new Error('paging did not end');
  }

  it('pages through every row newest first without duplicates or gaps', async () => {
    const expected = newestFirst(rows);
    for (const first of [1, 7, 50, 200]) {
      expect(await pageThrough(null, first)).toEqual(expected);
    }
  });

  it('reads every filter combination, first and later pages, as one ordered index scan (no sort, no sequential scan)', async () => {
    const service = server.app.services.consumptionLogs;
    const dimensions: Array<[string, unknown]> = [
      ['feature', 'OBJECT_DETECTION'],
      ['source', 'API'],
      ['status', 'REFUNDED'],
      ['apiTokenId', token.id],
      ['from', new Date(base)],
      ['to', new Date(base + 60 * 60_000)],
    ];
    const cursor = { createdAt: new Date(base + 10 * 60_000), id: rows[0].id };
    type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };
    const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];
    const offenders: string[] = [];
    for (let mask = 0; mask < 1 << dimensions.length; mask++) {
      const filter = Object.fromEntries(dimensions.filter((_, i) => mask & (1 << i)));
      for (const after of [undefined, cursor]) {
        const { sql, params } = service.pageQuery(userId, filter, 51, after);
        // With sorts and sequential scans priced out, a plan still holding one means no index can serve the page in order.
        const plan = await server.dataSource.transaction(async (manager) => {
          await manager.query('SET LOCAL enable_seqscan = off');
          await manager.query('SET LOCAL enable_sort = off');
          await manager.query('SET LOCAL enable_bitmapscan = off');
          return (await manager.query(`EXPLAIN (FORMAT JSON) ${sql}`, params))[0]['QUERY PLAN'][0].Plan as PlanNode;
        });
        const all = nodes(plan);
        const logScan = all.find((n) => n['Relation Name'] === 'consumption_logs');
        if (all.some((n) => /Sort|Seq Scan/.test(n['Node Type'])) || !logScan || !/Index/.test(logScan['Node Type'])) {
          offenders.push(`${JSON.stringify(filter)}${after ? ' after a cursor' : ''}: ${all.map((n) => n['Node Type']).join(' > ')}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('shows each row with its token by prefix', async () => {
    const data = await client.ok(LOGS, { filter: { source: 'API' }, first: 1 });
    const node = data.consumptionLogs.nodes[0];
    const fixture = rows.find((r) => r.id === node.id)!;
    expect(node).toEqual({
      id: fixture.id,
      feature: fixture.feature,
      credits: fixture.credits,
      source: 'API',
      apiTokenId: token.id,
      apiTokenPrefix: token.prefix,
      status: fixture.status,
      imageUrl: fixture.imageUrl,
      durationMs: null,
      errorCode: fixture.errorCode,
      createdAt: fixture.createdAt.toISOString(),
    });
  });

  it.each([
    ['feature', { feature: 'TEXT_RECOGNITION' }, (r: Fixture) => r.feature === 'TEXT_RECOGNITION'],
    ['source', { source: 'DASHBOARD' }, (r: Fixture) => r.source === 'DASHBOARD'],
    ['status', { status: 'REFUNDED' }, (r: Fixture) => r.status === 'REFUNDED'],
    ['token', {}, (r: Fixture) => r.apiTokenId !== null],
    [
      'time range',
      { from: new Date(base + 5 * 60_000).toISOString(), to: new Date(base + 12 * 60_000).toISOString() },
      (r: Fixture) => r.createdAt.getTime() >= base + 5 * 60_000 && r.createdAt.getTime() < base + 12 * 60_000,
    ],
    [
      'feature, source and status together',
      { feature: 'OBJECT_DETECTION', source: 'API', status: 'SUCCEEDED' },
      (r: Fixture) => r.feature === 'OBJECT_DETECTION' && r.source === 'API' && r.status === 'SUCCEEDED',
    ],
  ])('filters by %s and pages through the filtered rows', async (name, filter, keep) => {
    const effective = name === 'token' ? { apiTokenId: token.id } : filter;
    const expected = newestFirst(rows.filter(keep));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(rows.length);
    expect(await pageThrough(effective, 4)).toEqual(expected);
  });

  it('lets the API token read the same log', async () => {
    const api = server.client();
    api.bearer = token.secret;
    expect(await pageThrough({ status: 'PENDING' }, 20, api)).toEqual(newestFirst(rows.filter((r) => r.status === 'PENDING')));
  });

  it('refuses bad filters and cursors with BAD_USER_INPUT and needs a caller', async () => {
    const at = new Date(base).toISOString();
    const backwards = await client.request(LOGS, { filter: { from: at, to: at } });
    expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const badToken = await client.request(LOGS, { filter: { apiTokenId: 'nope' } });
    expect(badToken.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const badCursor = await client.request(LOGS, { after: Buffer.from(`${at}|not-a-uuid`).toString('base64url') });
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect((await client.request(LOGS, { after: 'garbage' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await client.request(LOGS, { first: 0 })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await client.request(LOGS, { filter: { status: 'LOST' } })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await server.client().errorCode(LOGS)).toBe('UNAUTHENTICATED');
  });

  describe('CSV download', () => {
    const csvUrl = (params: Record<string, string> = {}) => `${server.url}/api/consumption-logs.csv?${new URLSearchParams(params)}`;
    const download = (params: Record<string, string> = {}, headers: Record<string, string> = client.authHeaders()) =>
      fetch(csvUrl(params), { headers });

    /** A small RFC 4180 reader, so the test checks what a spreadsheet would see. */
    function parseCsv(text: string): string[][] {
      const out: string[][] = [];
      let row: string[] = [];
      let cell = '';
      let quoted = false;
      const endCell = () => {
        row.push(cell);
        cell = '';
      };
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (quoted) {
          if (ch === '"' && text[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (ch === '"') quoted = false;
          else cell += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === ',') endCell();
        else if (ch === '\r' && text[i + 1] === '\n') {
          endCell();
          out.push(row);
          row = [];
          i++;
        } else cell += ch;
      }
      if (cell || row.length) {
        endCell();
        out.push(row);
      }
      return out;
    }

    it('downloads the filtered log with the token shown by prefix only', async () => {
      const response = await download({ source: 'API' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="consumption-logs-\d{4}-\d{2}-\d{2}\.csv"/);
      const text = await response.text();
      expect(text).not.toContain(token.id);
      expect(text).not.toContain(token.name);
      const [header, ...lines] = parseCsv(text);
      expect(header).toEqual(['created_at', 'feature', 'credits', 'source', 'api_token', 'status', 'duration_ms', 'error_code', 'image_url', 'id']);
      const expected = newestFirst(rows.filter((r) => r.source === 'API'));
      expect(lines.map((l) => l[9])).toEqual(expected);
      const first = rows.find((r) => r.id === expected[0])!;
      expect(lines[0]).toEqual([
        first.createdAt.toISOString(),
        first.feature,
        String(first.credits),
        'API',
        token.prefix,
        first.status,
        '',
        first.errorCode ?? '',
        first.imageUrl!,
        first.id,
      ]);
    });

    it('escapes separators, quotes and line breaks, and defuses spreadsheet formulas', async () => {
      const owner = server.client();
      const ownerId = (await signUp(owner)).id;
      const nasty: Fixture = {
        id: randomUUID(),
        feature: 'comma, "quoted"\nnewline',
        credits: 1,
        source: 'API',
        status: 'FAILED',
        apiTokenId: null,
        imageUrl: '=HYPERLINK("http://evil.example","click")',
        errorCode: '@SUM(A1:A9)',
        createdAt: new Date(base),
      };
      const plusFormula: Fixture = { ...nasty, id: randomUUID(), feature: '+cmd|calc', imageUrl: '-2+3', errorCode: null, createdAt: new Date(base - 1000) };
      await insert(ownerId, [nasty, plusFormula]);
      const text = await (await download({}, owner.authHeaders())).text();
      expect(text).toContain(`"comma, ""quoted""\nnewline"`);
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
      const [, first, second] = parseCsv(text);
      expect(first[1]).toBe('comma, "quoted"\nnewline');
      expect(first[7]).toBe("'@SUM(A1:A9)");
      expect(first[8]).toBe(`'=HYPERLINK("http://evil.example","click")`);
      expect(second[1]).toBe("'+cmd|calc");
      expect(second[8]).toBe("'-2+3");
      expect(parseCsv(text)).toHaveLength(3);
    });

    it('streams long logs completely', async () => {
      const owner = server.client();
      const ownerId = (await signUp(owner)).id;
      const many: Fixture[] = Array.from({ length: 2500 }, (_, i) => ({
        ...rows[0],
        id: randomUUID(),
        apiTokenId: null,
        createdAt: new Date(base + Math.floor(i / 3) * 1000),
      }));
      await insert(ownerId, many);
      const lines = parseCsv(await (await download({}, owner.authHeaders())).text());
      expect(lines.slice(1).map((l) => l[9])).toEqual(newestFirst(many));
    });

    it('works with a bearer token and refuses the unauthenticated and bad filters', async () => {
      const viaToken = await download({ status: 'REFUNDED' }, { authorization: `Bearer ${token.secret}` });
      expect(viaToken.status).toBe(200);
      expect(parseCsv(await viaToken.text())).toHaveLength(1 + rows.filter((r) => r.status === 'REFUNDED').length);

      const anonymous = await download({}, {});
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as any).error.code).toBe('UNAUTHENTICATED');
      const forged = await download({}, { authorization: `Bearer vg_${'9'.repeat(43)}` });
      expect(forged.status).toBe(401);

      for (const [params, field] of [
        [{ source: 'PHONE' }, 'source'],
        [{ status: 'LOST' }, 'status'],
        [{ from: 'yesterday' }, 'from'],
        [{ apiTokenId: '42' }, 'apiTokenId'],
        [{ from: '2025-06-02T00:00:00Z', to: '2025-06-01T00:00:00Z' }, 'to'],
      ] as const) {
        const response = await download(params);
        expect(response.status).toBe(400);
        expect(((await response.json()) as any).error).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      const repeated = await fetch(`${csvUrl()}feature=a&feature=b`, { headers: client.authHeaders() });
      expect(repeated.status).toBe(400);
    });
  });
});
