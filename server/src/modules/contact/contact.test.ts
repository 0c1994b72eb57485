import { signUp, useTestServer } from '../../test/harness';
import { promise } from '../privacy-promises/promise-test';

const SUBMIT = `mutation S($input: ContactMessageInput!) { submitContactMessage(input: $input) { id createdAt } }`;
const message = (overrides: Record<string, unknown> = {}) => ({
  name: 'Linus',
  email: 'linus@example.com',
  subject: 'Invoice question',
  message: 'Can I get an invoice with my VAT number?',
  ...overrides,
});

describe('contact form', () => {
  const server = useTestServer({ env: { CONTACT_RATE_LIMIT: '3', TRUST_PROXY: 'true' } });

  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  promise('001-1.6-contact-messages', 'stores a message from anyone, trimmed, without an account link', async () => {
    const result = await server.client().request(SUBMIT, { input: message({ name: '  Linus  ' }) }, from('198.51.100.1'));
    expect(result.errors).toBeUndefined();
    const [row] = await server.dataSource.query('SELECT * FROM contact_messages WHERE id = $1', [result.data!.submitContactMessage.id]);
    expect(row).toMatchObject({ name: 'Linus', email: 'linus@example.com', subject: 'Invoice question', user_id: null, handled_at: null });
  });

  it('links the account when the sender is signed in', async () => {
    const client = server.client();
    const user = await signUp(client);
    const result = await client.request(SUBMIT, { input: message({ email: user.email }) }, from('198.51.100.2'));
    const [row] = await server.dataSource.query('SELECT user_id FROM contact_messages WHERE id = $1', [result.data!.submitContactMessage.id]);
    expect(row.user_id).toBe(user.id);
  });

  it.each([
    ['email', { email: 'not an address' }],
    ['name', { name: '' }],
    ['name', { name: 'x'.repeat(101) }],
    ['subject', { subject: 's'.repeat(201) }],
    ['message', { message: 'm'.repeat(5001) }],
    ['message', { message: '   ' }],
  ])('refuses a bad %s with BAD_USER_INPUT and stores nothing', async (field, overrides) => {
    const [{ before }] = await server.dataSource.query('SELECT count(*)::int AS before FROM contact_messages');
    const result = await server.client().request(SUBMIT, { input: message(overrides) }, from('198.51.100.3'));
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const [{ after }] = await server.dataSource.query('SELECT count(*)::int AS after FROM contact_messages');
    expect(after).toBe(before);
  });

  it('limits submissions per IP and answers RATE_LIMITED with retryAfter', async () => {
    const client = server.client();
    for (let i = 0; i < 3; i++) {
      expect((await client.request(SUBMIT, { input: message({ subject: `try ${i}` }) }, from('203.0.113.9'))).errors).toBeUndefined();
    }
    const blocked = await client.request(SUBMIT, { input: message({ subject: 'one too many' }) }, from('203.0.113.9'));
    expect(blocked.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(blocked.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM contact_messages WHERE subject = 'one too many'`);
    expect(count).toBe(0);
    // Another address is not affected.
    expect((await client.request(SUBMIT, { input: message() }, from('203.0.113.10'))).errors).toBeUndefined();
  });
});
