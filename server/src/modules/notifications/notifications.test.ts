import { randomUUID } from 'node:crypto';
import { signUp, startTestServer, TestServer, useTestServer } from '../../test/harness';
import { MailKind, RecipientPreferences, mayReceive } from './mail.types';
import { freePort } from '../../test/ports';
import { FakeSmtp } from './testing/fake-smtp';
import { promise } from '../privacy-promises/promise-test';

const CHANGE_PASSWORD = 'mutation C($input: ChangePasswordInput!) { changePassword(input: $input) }';
const PREFERENCES = `mutation P($input: NotificationPreferencesInput!) {
  updateNotificationPreferences(input: $input) { id }
}`;
const CREATE_TOKEN = 'mutation T($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret token { id } } }';
const RESTRICT = 'mutation R($restricted: Boolean!) { setProcessingRestricted(restricted: $restricted) { processingRestricted } }';
const ALL_ON = { email: true, usageAlerts: true, securityAlerts: true, marketing: false };
const DAY_MS = 24 * 60 * 60 * 1000;

async function outbox(server: TestServer, userId: string, kind?: MailKind) {
  await server.app.services.events.settle();
  const rows = await server.dataSource.query(
    `SELECT kind, to_address, subject, body, status FROM outbox WHERE user_id = $1 ${kind ? 'AND kind = $2' : ''} ORDER BY created_at`,
    kind ? [userId, kind] : [userId],
  );
  return rows as Array<{ kind: string; to_address: string; subject: string; body: string; status: string }>;
}

describe('mail preference rule', () => {
  const base: RecipientPreferences = {
    notifyEmail: true,
    notifyUsageAlerts: true,
    notifySecurityAlerts: true,
    notifyMarketing: false,
    processingRestricted: false,
    deleted: false,
  };

  it.each([
    ['security alerts by default', MailKind.PASSWORD_CHANGED, {}, true],
    ['no security alert when turned off', MailKind.API_TOKEN_CREATED, { notifySecurityAlerts: false }, false],
    ['no mail at all with e-mail off', MailKind.PASSWORD_CHANGED, { notifyEmail: false }, false],
    ['no marketing without opt-in', MailKind.MARKETING, {}, false],
    ['marketing after opt-in', MailKind.MARKETING, { notifyMarketing: true }, true],
    ['no marketing while restricted, even opted in', MailKind.MARKETING, { notifyMarketing: true, processingRestricted: true }, false],
    ['no usage alert while restricted', MailKind.LOW_BALANCE, { processingRestricted: true }, false],
    ['no usage alert when turned off', MailKind.LOW_BALANCE, { notifyUsageAlerts: false }, false],
    ['no payment mail while restricted', MailKind.PAYMENT_CONFIRMED, { processingRestricted: true }, false],
    ['security alerts continue while restricted', MailKind.PASSWORD_CHANGED, { processingRestricted: true }, true],
    ['the deletion receipt is essential', MailKind.ACCOUNT_DELETED, { notifyEmail: false, processingRestricted: true }, true],
    ['nothing to a deleted account', MailKind.PAYMENT_CONFIRMED, { deleted: true }, false],
  ])('%s', (_name, kind, overrides, expected) => {
    expect(mayReceive(kind, { ...base, ...overrides })).toBe(expected);
  });
});

describe('notifications without SMTP_URL (outbox)', () => {
  const server = useTestServer({ env: { LOW_BALANCE_THRESHOLD: '10' } });

  promise('001-2-transactional-mail', 'keeps the password-changed alert in the outbox, addressed to the user', async () => {
    const client = server.client();
    const user = await signUp(client);
    expect(server.app.services.notifications.transport).toBe('outbox');
    await client.ok(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: 'another long password' } });
    const mails = await outbox(server, user.id, MailKind.PASSWORD_CHANGED);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to_address: user.email, status: 'HELD', subject: 'Your VisionGate password was changed' });
    expect(mails[0].body).not.toContain('another long password');
  });

  it('sends the API token alert with the name and never the secret', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { createApiToken } = await client.ok(CREATE_TOKEN, { input: { name: 'ci pipeline' } });
    const [mail] = await outbox(server, user.id, MailKind.API_TOKEN_CREATED);
    expect(mail.body).toContain('"ci pipeline"');
    expect(mail.body).not.toContain(createApiToken.secret);
    expect(mail.body).not.toContain(createApiToken.secret.slice(-16));
  });

  it('sends no mail when the preference is turned off', async () => {
    const client = server.client();
    const user = await signUp(client);
    await client.ok(PREFERENCES, { input: { ...ALL_ON, securityAlerts: false } });
    await client.ok(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: 'yet another password' } });
    await client.ok(CREATE_TOKEN, { input: { name: 'quiet' } });
    expect(await outbox(server, user.id)).toEqual([]);

    await client.ok(PREFERENCES, { input: { ...ALL_ON, email: false } });
    await server.app.services.events.emitAndWait('credits.spent', { userId: user.id, balanceAfter: 3 });
    await server.app.services.events.emitAndWait('payment.succeeded', { userId: user.id, paymentId: randomUUID() });
    expect(await outbox(server, user.id)).toEqual([]);

    // Turned back on, the same alert goes out again: the preference, not something else, stopped it.
    await client.ok(PREFERENCES, { input: ALL_ON });
    await client.ok(CREATE_TOKEN, { input: { name: 'loud' } });
    expect((await outbox(server, user.id)).map((m) => m.kind)).toEqual([MailKind.API_TOKEN_CREATED]);
  });

  it('sends the low-balance alert below the threshold, at most once a day', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { events } = server.app.services;
    await events.emitAndWait('credits.spent', { userId: user.id, balanceAfter: 10 });
    expect(await outbox(server, user.id, MailKind.LOW_BALANCE)).toHaveLength(0);

    await Promise.all([1, 2, 3, 4, 5].map((n) => events.emitAndWait('credits.spent', { userId: user.id, balanceAfter: 9 - n })));
    const first = await outbox(server, user.id, MailKind.LOW_BALANCE);
    expect(first).toHaveLength(1);
    expect(first[0].subject).toBe('Your VisionGate credit balance is low');

    server.clock.advance(DAY_MS - 60_000);
    await events.emitAndWait('credits.spent', { userId: user.id, balanceAfter: 2 });
    expect(await outbox(server, user.id, MailKind.LOW_BALANCE)).toHaveLength(1);
    server.clock.advance(2 * 60_000);
    await events.emitAndWait('credits.spent', { userId: user.id, balanceAfter: 1 });
    const second = await outbox(server, user.id, MailKind.LOW_BALANCE);
    expect(second).toHaveLength(2);
    expect(second[1].body).toContain('your balance is 1 credits');
  });

  it('sends no usage alert when usage alerts are off', async () => {
    const client = server.client();
    const user = await signUp(client);
    await client.ok(PREFERENCES, { input: { ...ALL_ON, usageAlerts: false } });
    await server.app.services.events.emitAndWait('credits.spent', { userId: user.id, balanceAfter: 0 });
    expect(await outbox(server, user.id)).toEqual([]);
  });

  promise('001-2-transactional-mail', 'confirms payments with the balance, except while processing is restricted', async () => {
    const client = server.client();
    const user = await signUp(client);
    const [payment] = await server.dataSource.query(
      `INSERT INTO payments (user_id, status, amount_cents, currency, credits, pack_name, checkout_session_id, card_brand, card_last4)
       VALUES ($1, 'SUCCEEDED', 1000, 'usd', 100, 'Starter', $2, 'visa', '4242') RETURNING id`,
      [user.id, `cs_mail_${user.id}`],
    );
    await server.app.services.events.emitAndWait('payment.succeeded', { userId: user.id, paymentId: payment.id });
    const [mail] = await outbox(server, user.id, MailKind.PAYMENT_CONFIRMED);
    expect(mail.subject).toBe('Payment confirmed');
    expect(mail.body).toContain(payment.id);
    expect(mail.body).toContain('Starter: 100 credits for $10.00');
    expect(mail.body).toContain('Your balance is now 50 credits');

    await client.ok(RESTRICT, { restricted: true });
    await server.app.services.events.emitAndWait('payment.succeeded', { userId: user.id, paymentId: payment.id });
    await server.app.services.events.emitAndWait('credits.spent', { userId: user.id, balanceAfter: 0 });
    expect(await outbox(server, user.id, MailKind.PAYMENT_CONFIRMED)).toHaveLength(1);
    expect(await outbox(server, user.id, MailKind.LOW_BALANCE)).toHaveLength(0);
    // Security alerts protect the account and still go out.
    await client.ok(CREATE_TOKEN, { input: { name: 'while restricted' } });
    expect(await outbox(server, user.id, MailKind.API_TOKEN_CREATED)).toHaveLength(1);
  });

  promise(['001-2-marketing-opt-in', '000-6-marketing-opt-out'], 'sends marketing only after the opt-in', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { notifications } = server.app.services;
    expect(await notifications.marketing(user.id, 'New models', 'Pose estimation is twice as fast.')).toBe('SKIPPED_BY_PREFERENCE');
    await client.ok(PREFERENCES, { input: { ...ALL_ON, marketing: true } });
    expect(await notifications.marketing(user.id, 'New models', 'Pose estimation is twice as fast.')).toBe('SENT');
    const mails = await outbox(server, user.id, MailKind.MARKETING);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('New models');
    await client.ok(PREFERENCES, { input: { ...ALL_ON, marketing: false } });
    expect(await notifications.marketing(user.id, 'More news', 'text')).toBe('SKIPPED_BY_PREFERENCE');
  });
});

describe('notifications over SMTP', () => {
  let smtp: FakeSmtp;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await new FakeSmtp().start();
    server = await startTestServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'VisionGate <robot@visiongate.test>' } });
  });
  afterAll(async () => {
    server.app.services.notifications.close();
    await server.close();
    await smtp.stop();
  });

  it('delivers to a real SMTP server and keeps nothing in the outbox', async () => {
    const client = server.client();
    const user = await signUp(client);
    await client.ok(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: 'smtp test password' } });
    await server.app.services.events.settle();
    const mail = smtp.received.find((m) => m.to.includes(user.email))!;
    expect(mail).toBeDefined();
    expect(mail.from).toBe('robot@visiongate.test');
    expect(mail.subject).toBe('Your VisionGate password was changed');
    expect(mail.body).toContain('the password of your VisionGate account was just changed');
    expect(mail.raw).toMatch(/^X-VisionGate-Mail: PASSWORD_CHANGED/im);
    expect(await outbox(server, user.id)).toEqual([]);
  });
});

describe('notifications when SMTP is down', () => {
  it('keeps refused mail in the outbox and delivers it on retry', async () => {
    const port = await freePort();
    const server = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    const smtp = new FakeSmtp(port);
    try {
      const client = server.client();
      const user = await signUp(client);
      await client.ok(CREATE_TOKEN, { input: { name: 'while smtp is down' } });
      const [failed] = await outbox(server, user.id);
      expect(failed).toMatchObject({ kind: MailKind.API_TOKEN_CREATED, status: 'FAILED', to_address: user.email });

      await smtp.start();
      expect(await server.app.services.notifications.retryFailed()).toEqual({ sent: 1, failed: 0 });
      expect(smtp.received.map((m) => m.to)).toEqual([[user.email]]);
      expect((await outbox(server, user.id))[0].status).toBe('SENT');
      // Sent mail is not sent twice.
      expect(await server.app.services.notifications.retryFailed()).toEqual({ sent: 0, failed: 0 });
    } finally {
      server.app.services.notifications.close();
      await server.close();
      await smtp.stop();
    }
  });
});
