import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { createLogger, requestScope, scrubMessage, serializeError } from './logger';

describe('logs', () => {
  it('are JSON and never carry passwords, secrets, cookies or authorization headers', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger('info', sink);
    logger.info(
      {
        password: 'hunter2-password',
        input: { password: 'nested-password', currentPassword: 'old-password', newPassword: 'new-password' },
        secret: 'vg_secret_token_value',
        req: { headers: { cookie: 'vg_session=jwt-cookie-value', authorization: 'Bearer vg_bearer_value' } },
        requestId: 'abc',
      },
      'something happened',
    );
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry.requestId).toBe('abc');
    for (const leaked of ['hunter2', 'nested-password', 'old-password', 'new-password', 'vg_secret', 'jwt-cookie', 'vg_bearer']) {
      expect(lines[0]).not.toContain(leaked);
    }
  });
});

describe('errors in logs', () => {
  const capture = () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    return { lines, logger: createLogger('info', sink) };
  };

  it('keep type, message, stack and codes of a database error but not its query, parameters or detail', () => {
    const { lines, logger } = capture();
    const driverError = Object.assign(new Error('new row for relation "users" violates check constraint "c"'), {
      code: '23514',
      detail: 'Failing row contains (a@b.example, Augusta, Lovelace, $2a$10$hash).',
      table: 'users',
      constraint: 'c',
    });
    const error = new QueryFailedError('INSERT INTO "users"("email") VALUES ($1)', ['a@b.example', 'Augusta', '$2a$10$hash', 'f'.repeat(64)], driverError);
    logger.error({ err: error, nested: { err: error } }, 'failed');
    logger.error(error);
    const entry = JSON.parse(lines[0]);
    expect(entry.err).toMatchObject({ type: 'QueryFailedError', code: '23514', constraint: 'c', table: 'users' });
    expect(entry.err.stack).toMatch(/^QueryFailedError: new row for relation "users" violates check constraint "c"\n {4}at /);
    for (const line of lines) {
      for (const leaked of ['a@b.example', 'Augusta', 'Lovelace', '$2a$10$hash', 'f'.repeat(64), 'INSERT INTO', 'Failing row']) expect(line).not.toContain(leaked);
    }
  });

  it('scrub values PostgreSQL and TypeORM quote in messages, and e-mail addresses anywhere in them', () => {
    expect(scrubMessage('invalid input syntax for type uuid: "ada@example.com-x"')).toBe('invalid input syntax for type uuid: [redacted]');
    expect(scrubMessage('Could not find any entity of type "User" matching: {\n "email": "x@y.example"\n}')).toBe(
      'Could not find any entity of type "User" matching: [redacted]',
    );
    expect(scrubMessage('mail to ada@example.com bounced')).toBe('mail to [email] bounced');
    expect(serializeError(new Error('x', { cause: { message: 'for ada@example.com', parameters: ['secret'] } }))).toEqual({
      type: 'Error',
      message: 'x',
      stack: expect.any(String),
      cause: { type: 'Object', message: 'for [email]' },
    });
  });

  it('carry the request id of the request being served, however deep the code that logs', async () => {
    const { lines, logger } = capture();
    await requestScope.run({ requestId: 'req-1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      logger.warn({ userId: 'u' }, 'inside');
    });
    logger.info('outside');
    expect(JSON.parse(lines[0])).toMatchObject({ requestId: 'req-1', userId: 'u', msg: 'inside' });
    expect(JSON.parse(lines[1]).requestId).toBeUndefined();
  });

  it('redact personal fields by name', () => {
    const { lines, logger } = capture();
    logger.info({ email: 'ada@example.com', user: { firstName: 'Augusta', lastName: 'Lovelace', passwordHash: '$2a$', tokenHash: 'abc' } }, 'x');
    for (const leaked of ['ada@example.com', 'Augusta', 'Lovelace', '$2a$', 'abc']) expect(lines[0]).not.toContain(leaked);
  });
});
