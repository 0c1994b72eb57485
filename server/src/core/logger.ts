import pino from 'pino';

/** JSON logs; anything that could hold a secret is redacted by path. */
export function createLogger(
  level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  destination?: pino.DestinationStream,
) {
  return pino({
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        'secret',
        '*.secret',
        'req.headers.cookie',
        'req.headers.authorization',
        'headers.cookie',
        'headers.authorization',
        'variables.password',
        'variables.*.password',
      ],
      censor: '[redacted]',
    },
  }, destination as pino.DestinationStream);
}

export type Logger = ReturnType<typeof createLogger>;
