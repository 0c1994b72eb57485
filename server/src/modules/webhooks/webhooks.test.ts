import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { DomainEvents } from '../../core/events';
import { eventually } from '../../test/eventually';
import { GraphQLTestClient, TestServer, signUp, startTestServer, useTestServer } from '../../test/harness';
import { promise } from '../privacy-promises/promise-test';
import { FakeServer, RecordedRequest, startFakeServer, useFakeServer } from '../vision/testing/http-fixture-server';
import { addressPolicy } from '../vision';
import { createLogger } from '../../core/logger';
import { RETRY_DELAYS_MS, WebhookDeliveriesService } from './webhook-deliveries.service';
import { MAX_WEBHOOK_ENDPOINTS, WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookSecretBox } from './webhook-secret';

const CREATE = `mutation C($url: String!, $events: [WebhookEventType!]!) {
  createWebhookEndpoint(url: $url, events: $events) { secret endpoint { id url events secretHint createdAt } } }`;
const ENDPOINTS = '{ webhookEndpoints { id url events secretHint createdAt } }';
const ROTATE = 'mutation R($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id secretHint } } }';
const DELETE = 'mutation D($id: ID!) { deleteWebhookEndpoint(id: $id) }';
const DELIVERY_FIELDS = 'id messageId eventType url endpointId jobId status nextAttemptAt createdAt attempts { id attemptedAt statusCode durationMs error }';
const DELIVERIES = `query W($first: Int! = 20, $after: String, $endpointId: ID, $jobId: ID) {
  webhookDeliveries(first: $first, after: $after, endpointId: $endpointId, jobId: $jobId) { nodes { ${DELIVERY_FIELDS} } pageInfo { endCursor hasNextPage } } }`;
const REDELIVER = `mutation X($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { ${DELIVERY_FIELDS} } }`;
const SIGNING_SECRET = '{ webhookSigningSecret }';

type JobStatus = DomainEvents['job.updated']['status'];

interface Delivery {
  id: string;
  messageId: string;
  eventType: string;
  url: string;
  endpointId: string | null;
  jobId: string | null;
  status: string;
  nextAttemptAt: string | null;
  createdAt: string;
  attempts: Array<{ id: string; attemptedAt: string; statusCode: number | null; durationMs: number; error: string | null }>;
}

/** A job as J1's `job.updated` carries it: the GraphQL Job's fields, the result on SUCCEEDED. */
function jobEvent(userId: string, jobId: string, status: JobStatus, webhookUrl: string | null, attempts = 1): DomainEvents['job.updated'] {
  const createdAt = new Date('2026-12-04T10:00:00.000Z');
  const succeeded = status === 'SUCCEEDED';
  return {
    userId,
    jobId,
    batchId: null,
    status,
    webhookUrl,
    document: {
      id: jobId,
      status,
      progress: succeeded ? 1 : status === 'RUNNING' ? 0.4 : 0,
      feature: 'FACE_DETECTION',
      batchId: null,
      consumptionId: randomUUID(),
      creditsCharged: 1,
      attempts,
      webhookUrl,
      createdAt: createdAt.toISOString(),
      startedAt: status === 'QUEUED' ? null : '2026-12-04T10:00:01.000Z',
      finishedAt: succeeded || status === 'FAILED' ? '2026-12-04T10:00:02.500Z' : null,
      result: succeeded
        ? { feature: 'FACE_DETECTION', provider: 'local', durationMs: 812, faces: [{ confidence: 0.98, box: { x: 0.31, y: 0.2, width: 0.18, height: 0.27 } }] }
        : null,
      error: status === 'FAILED' ? { code: 'PROVIDER_ERROR', message: 'The model could not read the image' } : null,
    },
  };
}

const header = (headers: IncomingHttpHeaders, name: string) => String(headers[name]);

/** The receiver's check with nothing but node:crypto, as docs/api.md shows it. */
function verifiesByHand(secret: string, request: RecordedRequest): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signedContent = `${header(request.headers, 'webhook-id')}.${header(request.headers, 'webhook-timestamp')}.${request.body.toString('utf8')}`;
  const expected = Buffer.from(createHmac('sha256', key).update(signedContent).digest('base64'));
  return header(request.headers, 'webhook-signature')
    .split(' ')
    .map((versioned) => Buffer.from(versioned.slice(versioned.indexOf(',') + 1)))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
}

function verifiesWithLibrary(secret: string, request: RecordedRequest): unknown {
  return new Webhook(secret).verify(request.body.toString('utf8'), {
    'webhook-id': header(request.headers, 'webhook-id'),
    'webhook-timestamp': header(request.headers, 'webhook-timestamp'),
    'webhook-signature': header(request.headers, 'webhook-signature'),
  });
}

describe('webhooks', () => {
  const server = useTestServer({ env: { ALLOW_LOOPBACK_URLS: 'true' } });
  /** What the receiver answers, per path (default 200). */
  const answers = new Map<string, number>();
  const receiver = useFakeServer((request, response) => {
    response.writeHead(answers.get(request.path) ?? 200, { 'content-type': 'text/plain' }).end('thanks');
  });
  const received = (path: string) => receiver.requests.filter((request) => request.path === path);

  async function userWithEndpoint(path: string, events = ['JOB_STARTED', 'JOB_SUCCEEDED', 'JOB_FAILED', 'JOB_CANCELED', 'JOB_EXPIRED']) {
    const client = server.client();
    const user = await signUp(client);
    const { createWebhookEndpoint } = await client.ok(CREATE, { url: `${receiver.url}${path}`, events });
    return { client, user, endpoint: createWebhookEndpoint.endpoint, secret: createWebhookEndpoint.secret as string };
  }

  const emit = (event: DomainEvents['job.updated']) => server.app.services.events.emitAndWait('job.updated', event);

  async function deliveriesOf(client: GraphQLTestClient, filter: Record<string, unknown> = {}): Promise<Delivery[]> {
    return (await client.ok(DELIVERIES, filter)).webhookDeliveries.nodes;
  }

  it('delivers every job event signed: verifiable with standardwebhooks and with plain node:crypto', async () => {
    const { client, user, secret } = await userWithEndpoint('/all?token=receiver-own-token');
    const jobId = randomUUID();
    const jobUrl = `${receiver.url}/job-hook/${jobId}`;
    const statuses: JobStatus[] = ['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED'];
    for (const status of statuses) await emit(jobEvent(user.id, jobId, status, jobUrl));
    const otherJob = randomUUID();
    for (const status of ['FAILED', 'CANCELED', 'EXPIRED'] as JobStatus[]) await emit(jobEvent(user.id, otherJob, status, null));

    // QUEUED announces nothing; the second RUNNING (progress) adds no second job.started.
    const expected = ['job.started', 'job.succeeded', 'job.failed', 'job.canceled', 'job.expired'];
    await eventually(async () => {
      expect(received('/all?token=receiver-own-token').map((r) => JSON.parse(r.body.toString()).type).sort()).toEqual([...expected].sort());
      expect(received(`/job-hook/${jobId}`)).toHaveLength(2);
    });
    for (const request of received('/all?token=receiver-own-token')) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(header(request.headers, 'webhook-id')).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(header(request.headers, 'webhook-signature')).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      const body = verifiesWithLibrary(secret, request) as { type: string; timestamp: string; data: Record<string, unknown> };
      expect(verifiesByHand(secret, request)).toBe(true);
      expect([jobId, otherJob]).toContain(body.data.id);
      expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
    }
    const succeeded = received('/all?token=receiver-own-token').find((r) => JSON.parse(r.body.toString()).type === 'job.succeeded')!;
    const body = JSON.parse(succeeded.body.toString());
    expect(body.data).toMatchObject({ id: jobId, status: 'SUCCEEDED', result: { feature: 'FACE_DETECTION' } });
    // A tampered body fails both checks.
    const tampered = { ...succeeded, body: Buffer.from(succeeded.body.toString().replace('SUCCEEDED', 'FAILED')) };
    expect(verifiesByHand(secret, tampered)).toBe(false);
    expect(() => verifiesWithLibrary(secret, tampered)).toThrow();

    // The job's own webhookUrl is signed with the account's signing secret, not the endpoint's.
    const { webhookSigningSecret } = await client.ok(SIGNING_SECRET);
    expect(webhookSigningSecret).toMatch(/^whsec_/);
    for (const request of received(`/job-hook/${jobId}`)) {
      expect(verifiesByHand(webhookSigningSecret, request)).toBe(true);
      expect(verifiesWithLibrary(webhookSigningSecret, request)).toMatchObject({ data: { id: jobId } });
      expect(verifiesByHand(secret, request)).toBe(false);
    }
    // Every delivery is visible with its attempt.
    const deliveries = await deliveriesOf(client, { jobId });
    expect(deliveries.map((d) => `${d.eventType}:${d.endpointId ? 'endpoint' : 'job'}:${d.status}`).sort()).toEqual([
      'JOB_STARTED:endpoint:SUCCEEDED',
      'JOB_STARTED:job:SUCCEEDED',
      'JOB_SUCCEEDED:endpoint:SUCCEEDED',
      'JOB_SUCCEEDED:job:SUCCEEDED',
    ]);
    for (const delivery of deliveries) {
      expect(delivery.attempts).toEqual([expect.objectContaining({ statusCode: 200, error: null })]);
      expect(delivery.nextAttemptAt).toBeNull();
    }
  });

  it('sends only the events an endpoint subscribed to', async () => {
    const { client, user } = await userWithEndpoint('/failures-only', ['JOB_FAILED']);
    const jobId = randomUUID();
    for (const status of ['RUNNING', 'SUCCEEDED'] as JobStatus[]) await emit(jobEvent(user.id, jobId, status, null));
    await emit(jobEvent(user.id, randomUUID(), 'FAILED', null));
    expect((await deliveriesOf(client)).map((d) => d.eventType)).toEqual(['JOB_FAILED']);
    await eventually(async () => expect(received('/failures-only')).toHaveLength(1));
  });

  it('writes deliveries in the job’s transaction when given one: a rollback leaves none, the later event adds none', async () => {
    const { client, user } = await userWithEndpoint('/in-transaction', ['JOB_SUCCEEDED']);
    const { webhookDeliveries } = server.app.services;
    const jobId = randomUUID();
    const event = jobEvent(user.id, jobId, 'SUCCEEDED', null);
    let written = 0;
    const rolledBack = server.dataSource.transaction(async (manager) => {
      written = await webhookDeliveries.enqueue(event, manager);
      throw new Error('the job change failed');
    });
    await expect(rolledBack).rejects.toThrow('the job change failed');
    expect(written).toBe(1);
    expect(await deliveriesOf(client, { jobId })).toEqual([]);

    expect(await server.dataSource.transaction((manager) => webhookDeliveries.enqueue(event, manager))).toBe(1);
    await emit(event);
    expect(await deliveriesOf(client, { jobId })).toHaveLength(1);
    await eventually(async () => expect(received('/in-transaction')).toHaveLength(1));
  });

  it('retries a receiver answering 500 with the same webhook-id, on the clock, and records every attempt', async () => {
    answers.set('/flaky', 500);
    const { client, user, secret } = await userWithEndpoint('/flaky', ['JOB_SUCCEEDED']);
    const jobId = randomUUID();
    await emit(jobEvent(user.id, jobId, 'SUCCEEDED', null));

    let delivery!: Delivery;
    await eventually(async () => {
      [delivery] = await deliveriesOf(client, { jobId });
      expect(delivery.attempts).toHaveLength(1);
    });
    expect(delivery.status).toBe('PENDING');
    expect(delivery.attempts[0]).toMatchObject({ statusCode: 500, error: 'HTTP 500' });
    expect(Date.parse(delivery.nextAttemptAt!) - Date.parse(delivery.attempts[0].attemptedAt)).toBe(RETRY_DELAYS_MS[0]);

    answers.set('/flaky', 204);
    server.clock.advance(RETRY_DELAYS_MS[0]);
    await server.app.services.webhookDeliveries.runDue();
    await eventually(async () => {
      [delivery] = await deliveriesOf(client, { jobId });
      expect(delivery.status).toBe('SUCCEEDED');
    });
    const [first, second] = received('/flaky');
    expect(received('/flaky')).toHaveLength(2);
    expect(header(second.headers, 'webhook-id')).toBe(header(first.headers, 'webhook-id'));
    expect(header(second.headers, 'webhook-id')).toBe(delivery.messageId);
    expect(second.body.equals(first.body)).toBe(true);
    expect(verifiesWithLibrary(secret, first)).toBeTruthy();
    expect(verifiesWithLibrary(secret, second)).toBeTruthy();
    expect(verifiesByHand(secret, second)).toBe(true);
    expect(delivery.attempts.map((a) => a.statusCode)).toEqual([500, 204]);
    expect(delivery.nextAttemptAt).toBeNull();

    // Redelivery on request: a new attempt, the same message.
    const { redeliverWebhook } = await client.ok(REDELIVER, { deliveryId: delivery.id });
    expect(redeliverWebhook.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 204, 204]);
    expect(redeliverWebhook.status).toBe('SUCCEEDED');
    expect(received('/flaky')).toHaveLength(3);
    expect(header(received('/flaky')[2].headers, 'webhook-id')).toBe(delivery.messageId);
    expect(verifiesByHand(secret, received('/flaky')[2])).toBe(true);
  });

  it('refuses non-public and non-http endpoint URLs with URL_NOT_ALLOWED and stores nothing', async () => {
    const client = server.client();
    await signUp(client);
    for (const url of ['http://10.0.0.7/hook', 'http://169.254.169.254/latest/meta-data', 'http://192.168.1.20/', 'http://[fd00::1]/hook', 'http://[::ffff:10.0.0.1]/', 'ftp://example.com/hook']) {
      expect(await client.errorCode(CREATE, { url, events: ['JOB_SUCCEEDED'] })).toBe('URL_NOT_ALLOWED');
    }
    expect(await client.errorCode(CREATE, { url: 'not a url', events: ['JOB_SUCCEEDED'] })).toBe('BAD_USER_INPUT');
    expect(await client.errorCode(CREATE, { url: `${receiver.url}/x`, events: [] })).toBe('BAD_USER_INPUT');
    expect((await client.ok(ENDPOINTS)).webhookEndpoints).toEqual([]);
  });

  it('requires https in production', async () => {
    const network = { policy: addressPolicy({ allowLoopback: false }), requireHttps: true };
    const endpoints = new WebhookEndpointsService(server.dataSource, new WebhookSecretBox('another-jwt-secret'), network);
    await expect(endpoints.checkUrl('http://hooks.example.com/in')).rejects.toMatchObject({ extensions: { code: 'URL_NOT_ALLOWED' } });
    await expect(endpoints.checkUrl('https://10.0.0.1/in')).rejects.toMatchObject({ extensions: { code: 'URL_NOT_ALLOWED' } });
  });

  it('refuses to deliver to a job webhookUrl that leads to a private address, and records why', async () => {
    const client = server.client();
    const user = await signUp(client);
    const jobId = randomUUID();
    await emit(jobEvent(user.id, jobId, 'SUCCEEDED', 'http://10.20.30.40/hook?secret=abc'));
    await eventually(async () => {
      const [delivery] = await deliveriesOf(client, { jobId });
      expect(delivery.attempts).toEqual([expect.objectContaining({ statusCode: null, error: expect.stringMatching(/not allowed.*private address/) })]);
      expect(delivery.status).toBe('PENDING');
    });
  });

  it('shows the secret once: the list and the database hold only a hint', async () => {
    const { client, user, secret, endpoint } = await userWithEndpoint('/once');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(secret.startsWith(endpoint.secretHint.replace('…', ''))).toBe(true);
    const listed = await client.request(ENDPOINTS);
    expect(listed.data!.webhookEndpoints).toEqual([endpoint]);
    const key = secret.slice('whsec_'.length);
    expect(JSON.stringify(listed)).not.toContain(key);
    const rows = await server.dataSource.query(`SELECT * FROM webhook_endpoints WHERE user_id = $1`, [user.id]);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows[0].secret_ciphertext.toString('base64')).not.toContain(key);
    const schemaFields = await client.ok('{ __type(name: "WebhookEndpoint") { fields { name } } }');
    expect(schemaFields.__type.fields.map((f: { name: string }) => f.name)).not.toContain('secret');
  });

  it('rotates: the new secret signs from then on and the old one no longer verifies', async () => {
    const { client, user, endpoint, secret: oldSecret } = await userWithEndpoint('/rotate', ['JOB_SUCCEEDED']);
    const { rotateWebhookSecret } = await client.ok(ROTATE, { id: endpoint.id });
    const newSecret = rotateWebhookSecret.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    expect(rotateWebhookSecret.endpoint.secretHint).toBe(`${newSecret.slice(0, 'whsec_'.length + 4)}…`);
    await emit(jobEvent(user.id, randomUUID(), 'SUCCEEDED', null));
    await eventually(async () => expect(received('/rotate')).toHaveLength(1));
    const [request] = received('/rotate');
    expect(verifiesWithLibrary(newSecret, request)).toBeTruthy();
    expect(verifiesByHand(newSecret, request)).toBe(true);
    expect(() => verifiesWithLibrary(oldSecret, request)).toThrow(/No matching signature/);
    expect(verifiesByHand(oldSecret, request)).toBe(false);
  });

  it('keeps one account signing secret for job URLs until it is rotated', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { webhookSigningSecret: before } = await client.ok(SIGNING_SECRET);
    expect((await client.ok(SIGNING_SECRET)).webhookSigningSecret).toBe(before);
    const { rotateWebhookSigningSecret: after } = await client.ok('mutation { rotateWebhookSigningSecret }');
    expect(after).toMatch(/^whsec_/);
    expect(after).not.toBe(before);
    expect((await client.ok(SIGNING_SECRET)).webhookSigningSecret).toBe(after);
    await emit(jobEvent(user.id, randomUUID(), 'SUCCEEDED', `${receiver.url}/signing-rotated`));
    await eventually(async () => expect(received('/signing-rotated')).toHaveLength(1));
    const [request] = received('/signing-rotated');
    expect(verifiesWithLibrary(after, request)).toBeTruthy();
    expect(verifiesByHand(before, request)).toBe(false);
  });

  it('serves only the owner: another user’s ids are NOT_FOUND and their deliveries invisible', async () => {
    const { client, user, endpoint } = await userWithEndpoint('/owner', ['JOB_SUCCEEDED']);
    const jobId = randomUUID();
    await emit(jobEvent(user.id, jobId, 'SUCCEEDED', null));
    const [delivery] = await deliveriesOf(client, { endpointId: endpoint.id });
    expect(delivery.jobId).toBe(jobId);

    const stranger = server.client();
    await signUp(stranger);
    expect(await stranger.errorCode(ROTATE, { id: endpoint.id })).toBe('NOT_FOUND');
    expect(await stranger.errorCode(DELETE, { id: endpoint.id })).toBe('NOT_FOUND');
    expect(await stranger.errorCode(REDELIVER, { deliveryId: delivery.id })).toBe('NOT_FOUND');
    expect(await stranger.errorCode(DELIVERIES, { endpointId: endpoint.id })).toBe('NOT_FOUND');
    expect(await deliveriesOf(stranger, { jobId })).toEqual([]);
    expect((await stranger.ok(ENDPOINTS)).webhookEndpoints).toEqual([]);
    expect(await stranger.errorCode(ROTATE, { id: randomUUID() })).toBe('NOT_FOUND');
    // Untouched by the attempts.
    expect((await client.ok(ENDPOINTS)).webhookEndpoints).toEqual([expect.objectContaining({ id: endpoint.id, secretHint: endpoint.secretHint })]);
  });

  it(`allows ${MAX_WEBHOOK_ENDPOINTS} endpoints per account, then LIMIT_EXCEEDED`, async () => {
    const client = server.client();
    await signUp(client);
    await Promise.all(
      Array.from({ length: MAX_WEBHOOK_ENDPOINTS }, (_, i) => client.ok(CREATE, { url: `${receiver.url}/limit/${i}`, events: ['JOB_SUCCEEDED'] })),
    );
    const refused = await client.request(CREATE, { url: `${receiver.url}/limit/extra`, events: ['JOB_SUCCEEDED'] });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: MAX_WEBHOOK_ENDPOINTS });
    expect((await client.ok(ENDPOINTS)).webhookEndpoints).toHaveLength(MAX_WEBHOOK_ENDPOINTS);
  });

  it('deleting an endpoint ends its pending deliveries FAILED and keeps their history', async () => {
    answers.set('/deleted', 503);
    const { client, user, endpoint } = await userWithEndpoint('/deleted', ['JOB_SUCCEEDED']);
    const jobId = randomUUID();
    await emit(jobEvent(user.id, jobId, 'SUCCEEDED', null));
    await eventually(async () => expect((await deliveriesOf(client, { jobId }))[0].attempts).toHaveLength(1));
    expect(await client.ok(DELETE, { id: endpoint.id })).toEqual({ deleteWebhookEndpoint: true });
    const [delivery] = await deliveriesOf(client, { jobId });
    expect(delivery).toMatchObject({ status: 'FAILED', endpointId: null, nextAttemptAt: null });
    expect(await client.errorCode(REDELIVER, { deliveryId: delivery.id })).toBe('CONFLICT');
    expect((await client.ok(ENDPOINTS)).webhookEndpoints).toEqual([]);
  });

  it('pages deliveries newest first with a cursor', async () => {
    const { client, user } = await userWithEndpoint('/pages', ['JOB_SUCCEEDED']);
    for (let i = 0; i < 3; i += 1) {
      await emit(jobEvent(user.id, randomUUID(), 'SUCCEEDED', null));
      server.clock.advance(1);
    }
    const first = (await client.ok(DELIVERIES, { first: 2 })).webhookDeliveries;
    expect(first.nodes).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await client.ok(DELIVERIES, { first: 2, after: first.pageInfo.endCursor })).webhookDeliveries;
    expect(second.nodes).toHaveLength(1);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const all = [...first.nodes, ...second.nodes].map((d: Delivery) => d.createdAt);
    expect([...all].sort().reverse()).toEqual(all);
    expect(await client.errorCode(DELIVERIES, { after: 'bm90LWEtY3Vyc29y' })).toBe('BAD_USER_INPUT');
  });

  promise(['001-8-portability', '001-6-erasure-within-30-days'], 'exports webhook endpoints without secrets and their deliveries; erasure deletes them', async () => {
    const { client, user, secret, endpoint } = await userWithEndpoint('/privacy', ['JOB_SUCCEEDED']);
    await client.ok(SIGNING_SECRET);
    const jobId = randomUUID();
    await emit(jobEvent(user.id, jobId, 'SUCCEEDED', `${receiver.url}/privacy-job`));
    await eventually(async () => expect((await deliveriesOf(client, { jobId })).every((d) => d.status === 'SUCCEEDED')).toBe(true));

    const { exportMyData } = await client.ok('{ exportMyData }');
    expect(exportMyData.webhookEndpoints).toEqual([{ id: endpoint.id, url: endpoint.url, events: ['JOB_SUCCEEDED'], secretHint: endpoint.secretHint, createdAt: endpoint.createdAt }]);
    expect(exportMyData.webhookDeliveries).toHaveLength(2);
    expect(exportMyData.webhookDeliveries[0]).toMatchObject({ jobId, status: 'SUCCEEDED', attempts: [expect.objectContaining({ statusCode: 200 })] });
    expect(JSON.stringify(exportMyData)).not.toContain(secret.slice('whsec_'.length));

    await client.ok('mutation D($input: DeleteAccountInput!) { deleteMyAccount(input: $input) }', { input: { password: user.password } });
    for (const table of ['webhook_endpoints', 'webhook_deliveries', 'webhook_signing_secrets']) {
      const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM ${table} WHERE user_id = $1`, [user.id]);
      expect({ table, count }).toEqual({ table, count: 0 });
    }
  });
});

describe('webhook retries', () => {
  const server = useTestServer({ env: { ALLOW_LOOPBACK_URLS: 'true' } });
  const receiver = useFakeServer((request, response) => void response.writeHead(request.path.startsWith('/ok/') ? 200 : 500).end());

  it('gives up after the last retry, within 24 h of the first attempt, with every attempt recorded', async () => {
    const client = server.client();
    const user = await signUp(client);
    await client.ok(CREATE, { url: `${receiver.url}/down`, events: ['JOB_FAILED'] });
    const jobId = randomUUID();
    await server.app.services.events.emitAndWait('job.updated', jobEvent(user.id, jobId, 'FAILED', null));
    const attemptsOf = async () => (await client.ok(DELIVERIES, { jobId })).webhookDeliveries.nodes[0] as Delivery;
    await eventually(async () => expect((await attemptsOf()).attempts).toHaveLength(1));
    for (const [index, delay] of RETRY_DELAYS_MS.entries()) {
      server.clock.advance(delay);
      await eventually(async () => {
        await server.app.services.webhookDeliveries.runDue();
        expect((await attemptsOf()).attempts).toHaveLength(index + 2);
      });
    }
    const delivery = await attemptsOf();
    expect(delivery).toMatchObject({ status: 'FAILED', nextAttemptAt: null });
    expect(delivery.attempts.every((attempt) => attempt.statusCode === 500)).toBe(true);
    const span = Date.parse(delivery.attempts[delivery.attempts.length - 1].attemptedAt) - Date.parse(delivery.attempts[0].attemptedAt);
    expect(span).toBeGreaterThan(20 * 60 * 60 * 1000);
    expect(span).toBeLessThan(24 * 60 * 60 * 1000);
    // Nothing is due any more, however far the clock moves.
    server.clock.advance(48 * 60 * 60 * 1000);
    expect(await server.app.services.webhookDeliveries.runDue()).toBe(0);
    expect(receiver.requests).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it('drops a finished delivery’s body (the job’s result) after 24 h, and the delivery after 30 days', async () => {
    const client = server.client();
    const user = await signUp(client);
    const jobId = randomUUID();
    await server.app.services.events.emitAndWait('job.updated', jobEvent(user.id, jobId, 'SUCCEEDED', `${receiver.url}/ok/job`));
    const deliveryOf = async () => (await client.ok(DELIVERIES, { jobId })).webhookDeliveries.nodes[0] as Delivery | undefined;
    await eventually(async () => expect((await deliveryOf())?.status).toBe('SUCCEEDED'));
    const { id } = (await deliveryOf())!;
    const bodyOf = async () => (await server.dataSource.query(`SELECT payload FROM webhook_deliveries WHERE id = $1`, [id]))[0]?.payload;
    const { webhookDeliveries } = server.app.services;

    server.clock.advance(23 * 60 * 60 * 1000);
    await webhookDeliveries.purge(server.clock.now());
    expect(JSON.parse(await bodyOf())).toMatchObject({ type: 'job.succeeded', data: { id: jobId, result: { feature: 'FACE_DETECTION' } } });
    expect((await client.ok(REDELIVER, { deliveryId: id })).redeliverWebhook.attempts).toHaveLength(2);

    server.clock.advance(2 * 60 * 60 * 1000);
    await webhookDeliveries.purge(server.clock.now());
    expect(await bodyOf()).toBeNull();
    expect(await client.errorCode(REDELIVER, { deliveryId: id })).toBe('CONFLICT');
    expect((await deliveryOf())?.attempts).toHaveLength(2);

    server.clock.advance(30 * 24 * 60 * 60 * 1000);
    await webhookDeliveries.purge(server.clock.now());
    expect(await deliveryOf()).toBeUndefined();
  });

  it('stops at shutdown: an attempt still waiting is cut, recorded as interrupted and left to retry', async () => {
    const silent = await startFakeServer(() => undefined); // never answers
    try {
      const client = server.client();
      const user = await signUp(client);
      await client.ok(CREATE, { url: `${silent.url}/slow`, events: ['JOB_CANCELED'] });
      const jobId = randomUUID();
      await server.app.services.events.emitAndWait('job.updated', jobEvent(user.id, jobId, 'CANCELED', null));
      await eventually(async () => expect(silent.requests).toHaveLength(1));

      await server.app.services.webhookRunner.stop(50);
      const [delivery]: Delivery[] = (await client.ok(DELIVERIES, { jobId })).webhookDeliveries.nodes;
      expect(delivery.attempts).toEqual([expect.objectContaining({ statusCode: null, error: 'interrupted (the server was shutting down)' })]);
      expect(delivery.status).toBe('PENDING');
      expect(Date.parse(delivery.nextAttemptAt!) - Date.parse(delivery.attempts[0].attemptedAt)).toBe(RETRY_DELAYS_MS[0]);
    } finally {
      await silent.close();
    }
  });

  it('logs attempts by delivery id and origin: never the path, the query string or a secret', async () => {
    await server.app.services.webhookRunner.stop(0);
    // Earlier tests' retries (the clock runs on) must not join this round.
    await server.dataSource.query(`UPDATE webhook_deliveries SET status = 'FAILED', next_attempt_at = NULL WHERE status = 'PENDING'`);
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    const deliveries = new WebhookDeliveriesService(server.dataSource, server.clock, logger, server.app.services.webhookEndpoints);
    const client = server.client();
    const user = await signUp(client);
    const { createWebhookEndpoint } = await client.ok(CREATE, { url: `${receiver.url}/private-path?token=query-canary`, events: ['JOB_SUCCEEDED'] });
    const { webhookSigningSecret } = await client.ok(SIGNING_SECRET);
    await server.app.services.events.emitAndWait('job.updated', jobEvent(user.id, randomUUID(), 'SUCCEEDED', `${receiver.url}/job-path?sig=job-canary`));

    expect(await deliveries.runDue()).toBe(2);
    const attempts = lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'webhook attempt');
    expect(attempts).toHaveLength(2);
    expect(attempts.map((line) => line.origin)).toEqual([receiver.url, receiver.url]);
    const all = lines.join('\n');
    for (const leak of ['private-path', 'query-canary', 'job-path', 'job-canary', createWebhookEndpoint.secret.slice(6), webhookSigningSecret.slice(6)]) {
      expect(all).not.toContain(leak);
    }
  });
});

describe('webhook delivery loop in two processes', () => {
  let first: TestServer;
  let second: TestServer;
  let receiver: FakeServer;

  beforeAll(async () => {
    receiver = await startFakeServer((_request, response) => void response.writeHead(200).end());
    first = await startTestServer({ env: { ALLOW_LOOPBACK_URLS: 'true' } });
    second = await startTestServer({ env: { ALLOW_LOOPBACK_URLS: 'true' }, shareDatabaseWith: first });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await receiver.close();
  });

  it('hands each due delivery to exactly one of them', async () => {
    // The test drives both loops itself, racing them round by round.
    await Promise.all([first.app.services.webhookRunner.stop(0), second.app.services.webhookRunner.stop(0)]);
    const client = first.client();
    const user = await signUp(client);
    await client.ok(CREATE, { url: `${receiver.url}/shared`, events: ['JOB_SUCCEEDED'] });
    const jobs = 45;
    for (let i = 0; i < jobs; i += 1) await first.app.services.events.emitAndWait('job.updated', jobEvent(user.id, randomUUID(), 'SUCCEEDED', null));

    const loops = [first, second, first, second].map((server) => server.app.services.webhookDeliveries);
    for (;;) {
      const claimed = await Promise.all(loops.map((loop) => loop.runDue()));
      if (claimed.every((count) => count === 0)) break;
    }
    const ids = receiver.requests.map((request) => request.headers['webhook-id']);
    expect(ids).toHaveLength(jobs);
    expect(new Set(ids).size).toBe(jobs);
    const [{ attempts }] = await first.dataSource.query(
      `SELECT count(*)::int AS attempts FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.user_id = $1`,
      [user.id],
    );
    expect(attempts).toBe(jobs);
  });
});
