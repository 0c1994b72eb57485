import { CLOSE_GRACE_MS, installShutdown, startupFailureLine } from './lifecycle';
import { createLogger } from './logger';

/**
 * The exit codes of shutdown paths the child-process tests (graceful-shutdown.test.ts) cannot
 * reach on demand: a closing step that hangs or fails.
 */
describe('shutdown deadline and failures', () => {
  let added: Array<[NodeJS.Signals, (...args: unknown[]) => void]> = [];
  const install = (stop: () => Promise<{ cut: number }>) => {
    const exit = jest.fn();
    const before = new Set([...process.listeners('SIGTERM'), ...process.listeners('SIGINT')]);
    installShutdown({ logger: createLogger('silent'), timeoutMs: 1000, stop, exit });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      for (const listener of process.listeners(signal)) if (!before.has(listener)) added.push([signal, listener as (...args: unknown[]) => void]);
    }
    return exit;
  };
  afterEach(() => {
    for (const [signal, listener] of added) process.removeListener(signal, listener);
    added = [];
    jest.useRealTimers();
  });

  it('exits 1 when a closing step hangs past SHUTDOWN_TIMEOUT_MS plus the grace', () => {
    jest.useFakeTimers();
    const exit = install(() => new Promise(() => undefined));
    process.emit('SIGTERM');
    jest.advanceTimersByTime(1000 + CLOSE_GRACE_MS - 1);
    expect(exit).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('exits 1 when a closing step fails', async () => {
    const failing = install(() => Promise.reject(new Error('pool.end failed')));
    process.emit('SIGINT');
    await new Promise((resolve) => setImmediate(resolve));
    expect(failing).toHaveBeenCalledWith(1);
  });

  it('puts a start-up failure on one line', () => {
    expect(startupFailureLine(new Error('relation "users" does not exist\n  (while migrating)'))).toBe('VisionGate failed to start: relation "users" does not exist (while migrating)');
    expect(startupFailureLine('plain')).toBe('VisionGate failed to start: plain');
  });
});
