import { FakeStripe } from '../billing/testing/fake-stripe';
import { FakeSmtp } from '../notifications/testing/fake-smtp';
import { REGISTER, signUp, signUpAdmin, startTestServer, TestServer, useTestServer } from '../../test/harness';
import { EXPORT_FORMAT_VERSION } from './data-export.service';
import { promise } from '../privacy-promises/promise-test';

const ME = '{ me { id email } }';
const LEDGER = '{ creditLedger(first: 5) { nodes { id } } }';
const LOGIN = 'mutation L($input: LoginInput!) { login(input: $input) { id } }';
const EXPORT = '{ exportMyData }';
const DELETE = 'mutation D($input: DeleteAccountInput!) { deleteMyAccount(input: $input) }';
const CREATE_TOKEN = 'mutation T($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret token { id } } }';
const PREFERENCES = 'mutation P($input: NotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { id } }';
const PROFILE = 'mutation U($input: UpdateProfileInput!) { updateProfile(input: $input) { firstName } }';
const RESTRICT = 'mutation R($restricted: Boolean!) { setProcessingRestricted(restricted: $restricted) { processingRestricted } }';
const OBJECT = 'mutation O($input: ObjectionInput!) { fileObjection(input: $input) { id type status createdAt dueAt overdue } }';
const MY_REQUESTS = '{ myDataRightsRequests(first: 50) { nodes { type status details createdAt dueAt completedAt } } }';
const MY_CONSENTS = '{ myConsentLog(first: 50) { nodes { subject enabled source createdAt } } }';
const DAY_MS = 24 * 60 * 60 * 1000;

/** A user with something in every category: token, paid calls with an image URL, a payment, a message. */
async function busyUser(server: TestServer) {
  const client = server.client();
  const user = await signUp(client, { company: 'Analytical Engines Ltd' });
  const { createApiToken } = await client.ok(CREATE_TOKEN, { input: { name: 'export test' } });
  const { metering } = server.app.services;
  await metering.charge({
    userId: user.id,
    credits: 2,
    feature: 'OBJECT_DETECTION',
    source: 'API',
    apiTokenId: createApiToken.token.id,
    imageUrl: 'https://images.example.com/private/cat.jpg',
    requestFingerprint: 'fp-1',
  });
  await metering.charge({ userId: user.id, credits: 1, feature: 'BACKGROUND_REMOVAL', source: 'DASHBOARD', apiTokenId: null, requestFingerprint: 'fp-2' });
  const [payment] = await server.dataSource.query(
    `INSERT INTO payments (user_id, status, amount_cents, currency, credits, pack_name, checkout_session_id, card_brand, card_last4)
     VALUES ($1, 'SUCCEEDED', 1000, 'usd', 100, 'Starter', $2, 'visa', '4242') RETURNING id`,
    [user.id, `cs_test_${user.id.slice(0, 8)}`],
  );
  await client.ok('mutation C($input: ContactMessageInput!) { submitContactMessage(input: $input) { id } }', {
    input: { name: 'Ada L.', email: user.email, subject: 'Hello', message: 'A question about my invoice' },
  });
  await server.app.services.events.settle();
  return { client, user, token: createApiToken as { secret: string; token: { id: string } }, paymentId: payment.id as string };
}

describe('data export', () => {
  const server = useTestServer();

  promise(['001-8-access', '001-8-portability', '000-6-export'], 'holds every category in one versioned document and no secret', async () => {
    const { client, user, token, paymentId } = await busyUser(server);
    await client.ok(OBJECT, { input: { message: 'I object to usage analytics on my account.' } });
    const { exportMyData: data } = await client.ok(EXPORT);

    expect(data.formatVersion).toBe(EXPORT_FORMAT_VERSION);
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining(['profile', 'preferences', 'consents', 'apiTokens', 'ledger', 'payments', 'consumptionLogs', 'contactMessages', 'dataRightsRequests', 'accessLogs', 'mail', 'storedResults']),
    );
    expect(data.profile).toMatchObject({ id: user.id, email: user.email, firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines Ltd', signupIp: expect.any(String) });
    expect(data.preferences).toEqual({ email: true, usageAlerts: true, securityAlerts: true, marketing: false, processingRestricted: false });
    expect(data.consents.map((c: { subject: string }) => c.subject)).toEqual(expect.arrayContaining(['TERMS_OF_SERVICE', 'AGE_CONFIRMATION', 'MARKETING']));
    expect(data.apiTokens).toEqual([expect.objectContaining({ id: token.token.id, name: 'export test', prefix: expect.any(String) })]);
    expect(data.ledger.map((e: { reason: string }) => e.reason).sort()).toEqual(['CONSUMPTION', 'CONSUMPTION', 'SIGNUP_BONUS']);
    expect(data.payments).toEqual([expect.objectContaining({ id: paymentId, amountCents: 1000, credits: 100, cardLast4: '4242' })]);
    expect(data.consumptionLogs).toHaveLength(2);
    expect(data.consumptionLogs.map((c: { imageUrl: string | null }) => c.imageUrl)).toContain('https://images.example.com/private/cat.jpg');
    expect(data.contactMessages).toEqual([expect.objectContaining({ subject: 'Hello', message: 'A question about my invoice' })]);
    expect(data.dataRightsRequests.map((r: { type: string }) => r.type).sort()).toEqual(['EXPORT', 'OBJECT']);
    expect(data.mail.map((m: { kind: string }) => m.kind)).toContain('API_TOKEN_CREATED');

    const text = JSON.stringify(data);
    const [row] = await server.dataSource.query('SELECT token_hash FROM api_tokens WHERE id = $1', [token.token.id]);
    const [account] = await server.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(text).not.toContain(token.secret);
    expect(text).not.toContain(row.token_hash);
    expect(text).not.toContain(account.password_hash);
    expect(text).not.toMatch(/hash|password/i);
  });

  promise('001-8-access', 'records each export as a completed request', async () => {
    const client = server.client();
    await signUp(client);
    await client.ok(EXPORT);
    await client.ok(EXPORT);
    const { myDataRightsRequests } = await client.ok(MY_REQUESTS);
    expect(myDataRightsRequests.nodes.map((r: { type: string; status: string }) => `${r.type}:${r.status}`)).toEqual(['EXPORT:COMPLETED', 'EXPORT:COMPLETED']);
  });

  promise('001-8-portability', 'downloads as an attachment with the session cookie only', async () => {
    const client = server.client();
    const user = await signUp(client);
    const response = await fetch(`${server.url}/me/export.json`, { headers: client.authHeaders() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="visiongate-export-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const body = (await response.json()) as { profile: { id: string } };
    expect(body.profile.id).toBe(user.id);

    const { createApiToken } = await client.ok(CREATE_TOKEN, { input: { name: 'no export' } });
    const withToken = await fetch(`${server.url}/me/export.json`, { headers: { authorization: `Bearer ${createApiToken.secret}` } });
    expect(withToken.status).toBe(403);
    expect(((await withToken.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const anonymous = await fetch(`${server.url}/me/export.json`);
    expect(anonymous.status).toBe(401);

    const script = server.client();
    script.bearer = createApiToken.secret;
    expect(await script.errorCode(EXPORT)).toBe('FORBIDDEN');
    expect(await script.errorCode(DELETE, { input: { password: user.password } })).toBe('FORBIDDEN');
  });
});

describe('consents, restriction, rectification and objections', () => {
  const server = useTestServer();

  promise('001-8-withdraw-consent', 'logs the signup consents and every preference change with its time', async () => {
    const client = server.client();
    await signUp(client);
    await server.app.services.events.settle();
    const before = (await client.ok(MY_CONSENTS)).myConsentLog.nodes;
    expect(before.map((c: { subject: string; enabled: boolean; source: string }) => `${c.subject}:${c.enabled}:${c.source}`).sort()).toEqual([
      'AGE_CONFIRMATION:true:SIGNUP',
      'EMAIL:true:SIGNUP',
      'MARKETING:false:SIGNUP',
      'SECURITY_ALERTS:true:SIGNUP',
      'TERMS_OF_SERVICE:true:SIGNUP',
      'USAGE_ALERTS:true:SIGNUP',
    ]);

    server.clock.advance(60_000);
    await client.ok(PREFERENCES, { input: { email: true, usageAlerts: false, securityAlerts: true, marketing: true } });
    server.clock.advance(60_000);
    await client.ok(PREFERENCES, { input: { email: true, usageAlerts: false, securityAlerts: true, marketing: false } });
    const after = (await client.ok(MY_CONSENTS)).myConsentLog.nodes;
    const changes = after.slice(0, 3).map((c: { subject: string; enabled: boolean; source: string }) => `${c.subject}:${c.enabled}:${c.source}`);
    // Newest first; only the flags that changed.
    expect(changes[0]).toBe('MARKETING:false:SETTINGS');
    expect(changes.slice(1).sort()).toEqual(['MARKETING:true:SETTINGS', 'USAGE_ALERTS:false:SETTINGS']);
    expect(new Date(after[0].createdAt).getTime()).toBeGreaterThan(new Date(after[1].createdAt).getTime());
  });

  promise('001-8-restrict-processing', 'restricts processing: vision calls refuse, the change is logged and recorded, and it can be lifted', async () => {
    const client = server.client();
    await signUp(client);
    expect((await client.ok(RESTRICT, { restricted: true })).setProcessingRestricted.processingRestricted).toBe(true);
    expect(await client.errorCode('mutation { generateImage(prompt: "a lighthouse") { __typename } }')).toBe('PROCESSING_RESTRICTED');
    expect(
      await client.errorCode('mutation { analyzeImageUrl(feature: OBJECT_DETECTION, url: "https://example.com/cat.jpg") { __typename } }'),
    ).toBe('PROCESSING_RESTRICTED');
    // Setting the same state again records nothing new.
    await client.ok(RESTRICT, { restricted: true });
    await client.ok(RESTRICT, { restricted: false });

    const consents = (await client.ok(MY_CONSENTS)).myConsentLog.nodes.filter((c: { subject: string }) => c.subject === 'PROCESSING_RESTRICTED');
    expect(consents.map((c: { enabled: boolean }) => c.enabled)).toEqual([false, true]);
    const requests = (await client.ok(MY_REQUESTS)).myDataRightsRequests.nodes;
    expect(requests.map((r: { type: string; details: string }) => `${r.type}:${r.details}`)).toEqual(['RESTRICT:Restriction lifted', 'RESTRICT:Processing restricted']);
  });

  promise('001-8-rectification', 'records rectifications through updateProfile with the changed fields, not their values', async () => {
    const client = server.client();
    await signUp(client);
    await client.ok(PROFILE, { input: { firstName: 'Augusta', lastName: 'Lovelace', company: 'Babbage & Co' } });
    await client.ok(PROFILE, { input: { firstName: 'Augusta', lastName: 'Lovelace', company: 'Babbage & Co' } });
    const requests = (await client.ok(MY_REQUESTS)).myDataRightsRequests.nodes;
    expect(requests).toEqual([expect.objectContaining({ type: 'RECTIFY', status: 'COMPLETED', details: 'Changed: firstName, company' })]);
    expect(JSON.stringify(requests)).not.toContain('Augusta');
  });

  promise(['001-8-object', '001-8-response-deadline'], 'files objections with a 30-day deadline that admins see, and that become overdue', async () => {
    const client = server.client();
    const user = await signUp(client);
    expect(await client.errorCode(OBJECT, { input: { message: 'short' } })).toBe('BAD_USER_INPUT');
    const { fileObjection } = await client.ok(OBJECT, { input: { message: 'Please stop using my data for analytics.' } });
    expect(fileObjection).toMatchObject({ type: 'OBJECT', status: 'OPEN', overdue: false });
    expect(new Date(fileObjection.dueAt).getTime() - new Date(fileObjection.createdAt).getTime()).toBe(30 * DAY_MS);

    const admin = server.client();
    await signUpAdmin(server, admin);
    const open = '{ dataRightsRequests(first: 200) { nodes { id userId type status overdue dueAt } } }';
    const listed = (await admin.ok(open)).dataRightsRequests.nodes.find((r: { id: string }) => r.id === fileObjection.id);
    expect(listed).toMatchObject({ userId: user.id, type: 'OBJECT', status: 'OPEN', overdue: false });

    server.clock.advance(31 * DAY_MS);
    expect((await admin.ok(open)).dataRightsRequests.nodes.find((r: { id: string }) => r.id === fileObjection.id).overdue).toBe(true);

    const resolve = 'mutation R($input: ResolveDataRightsRequestInput!) { resolveDataRightsRequest(input: $input) { status resolution completedAt } }';
    const { resolveDataRightsRequest } = await admin.ok(resolve, { input: { id: fileObjection.id, status: 'COMPLETED', resolution: 'Analytics turned off for this account.' } });
    expect(resolveDataRightsRequest).toMatchObject({ status: 'COMPLETED', resolution: 'Analytics turned off for this account.' });
    expect(await admin.errorCode(resolve, { input: { id: fileObjection.id, status: 'REJECTED', resolution: 'again' } })).toBe('CONFLICT');
    expect((await admin.ok(open)).dataRightsRequests.nodes.map((r: { id: string }) => r.id)).not.toContain(fileObjection.id);
    const mine = (await client.ok(MY_REQUESTS)).myDataRightsRequests.nodes[0];
    expect(mine).toMatchObject({ type: 'OBJECT', status: 'COMPLETED' });
  });
});

describe('account deletion', () => {
  let server: TestServer;
  let stripe: FakeStripe;
  let smtp: FakeSmtp;
  beforeAll(async () => {
    stripe = await new FakeStripe().start();
    smtp = await new FakeSmtp().start();
    server = await startTestServer({ env: { ...stripe.env, SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    server.app.services.notifications.close();
    await server.close();
    await smtp.stop();
    await stripe.stop();
  });

  promise(['001-6-erasure-within-30-days', '001-6-consumption-logs-anonymised', '001-6-tokens-deleted'], 'ends sessions and tokens at once, erases PII, deletes the Stripe customer and anonymises usage', async () => {
    const { client, user, token, paymentId } = await busyUser(server);
    const [{ stripe_customer_id: customerId }] = await server.dataSource.query('SELECT stripe_customer_id FROM users WHERE id = $1', [user.id]);
    expect(customerId).toMatch(/^cus_/);
    const otherSession = server.client();
    await otherSession.ok(LOGIN, { input: { email: user.email, password: user.password } });
    const script = server.client();
    script.bearer = token.secret;
    expect((await script.ok(ME)).me.id).toBe(user.id);
    expect((await script.ok(LEDGER)).creditLedger.nodes.length).toBeGreaterThan(0);
    const oldCookie = client.cookies.get('vg_session')!;

    // The receipt must arrive while the address is still on file.
    let emailWhenReceiptArrived: string | null = null;
    smtp.onMessage = async (mail) => {
      if (mail.subject === 'Your VisionGate account was deleted') {
        const [row] = await server.dataSource.query('SELECT email FROM users WHERE id = $1', [user.id]);
        emailWhenReceiptArrived = row.email;
      }
    };
    expect(await client.errorCode(DELETE, { input: { password: 'not my password' } })).toBe('BAD_USER_INPUT');
    expect((await client.ok(ME)).me.id).toBe(user.id);

    const result = await client.request(DELETE, { input: { password: user.password } });
    expect(result.errors).toBeUndefined();
    expect(result.headers.getSetCookie().find((c) => c.startsWith('vg_session='))).toMatch(/Max-Age=0/i);
    smtp.onMessage = null;

    // Sessions and tokens fail at once: the replayed cookie, the other browser and the script.
    const replay = server.client();
    replay.cookies.set('vg_session', oldCookie);
    expect((await replay.ok(ME)).me).toBeNull();
    expect((await otherSession.ok(ME)).me).toBeNull();
    expect(await script.errorCode(ME)).toBe('UNAUTHENTICATED');
    expect(await script.errorCode(LEDGER)).toBe('UNAUTHENTICATED');
    expect(await server.client().errorCode(LOGIN, { input: { email: user.email, password: user.password } })).toBe('UNAUTHENTICATED');

    const [row] = await server.dataSource.query('SELECT * FROM users WHERE id = $1', [user.id]);
    expect(row.email).toMatch(/^deleted-[0-9a-f-]{36}@deleted\.invalid$/);
    expect(row).toMatchObject({ first_name: '', last_name: '', company: null, password_hash: null, signup_ip: null, stripe_customer_id: null });
    expect(row.deleted_at).not.toBeNull();
    expect(JSON.stringify(row)).not.toContain('Lovelace');

    expect(stripe.requestsTo('DELETE', `/v1/customers/${customerId}`)).toHaveLength(1);
    expect(await server.dataSource.query('SELECT 1 FROM api_tokens WHERE user_id = $1', [user.id])).toEqual([]);
    const usage = await server.dataSource.query(`SELECT user_id, image_url, api_token_id FROM consumption_logs WHERE feature IN ('OBJECT_DETECTION', 'BACKGROUND_REMOVAL') AND user_id IS NULL`);
    expect(usage.length).toBeGreaterThanOrEqual(2);
    expect(await server.dataSource.query('SELECT 1 FROM consumption_logs WHERE user_id = $1', [user.id])).toEqual([]);
    expect(usage.every((u: { image_url: string | null; api_token_id: string | null }) => u.image_url === null && u.api_token_id === null)).toBe(true);
    const [payment] = await server.dataSource.query('SELECT user_id, amount_cents, card_last4 FROM payments WHERE id = $1', [paymentId]);
    expect(payment).toEqual({ user_id: null, amount_cents: 1000, card_last4: null });
    expect(await server.dataSource.query('SELECT 1 FROM contact_messages WHERE user_id = $1 OR lower(email) = lower($2)', [user.id, user.email])).toEqual([]);
    const requests = await server.dataSource.query('SELECT type, status FROM data_rights_requests WHERE user_id = $1', [user.id]);
    expect(requests).toContainEqual({ type: 'DELETE', status: 'COMPLETED' });

    const receipts = smtp.received.filter((m) => m.subject === 'Your VisionGate account was deleted');
    expect(receipts).toHaveLength(1);
    expect(receipts[0].to).toEqual([user.email]);
    expect(emailWhenReceiptArrived).toBe(user.email);
  });

  it('lets the same e-mail register again', async () => {
    const client = server.client();
    const user = await signUp(client);
    await client.ok(DELETE, { input: { password: user.password } });
    const again = await server.client().ok(REGISTER, {
      input: { firstName: 'Ada', lastName: 'Again', email: user.email.toUpperCase(), password: 'a fresh password', acceptTerms: true, confirmAge16: true },
    });
    expect(again.register.id).not.toBe(user.id);
    expect(again.register.credits).toBe(50);
  });

  it('leaves the account untouched when Stripe cannot delete the customer', async () => {
    const client = server.client();
    const user = await signUp(client);
    await server.app.services.events.settle();
    stripe.failNext('DELETE', /^\/v1\/customers\//, { status: 500, type: 'api_error', message: 'Stripe is down' }, 5);
    expect(await client.errorCode(DELETE, { input: { password: user.password } })).toBe('PROVIDER_ERROR');
    const [row] = await server.dataSource.query('SELECT email, deleted_at, password_hash FROM users WHERE id = $1', [user.id]);
    expect(row).toMatchObject({ email: user.email, deleted_at: null });
    expect(row.password_hash).not.toBeNull();
    expect((await client.ok(ME)).me.id).toBe(user.id);
  });
});
