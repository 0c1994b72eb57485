import { Writable } from 'node:stream';
import { createLogger } from './logger';

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
