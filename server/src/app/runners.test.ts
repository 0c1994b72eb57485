import { createLogger } from '../core/logger';
import type { BackgroundRunner } from '../core/module';
import { Runners } from './runners';

/** The order rules of background runners; the processes that run them are tested in worker-process.test.ts. */
describe('background runners', () => {
  const events: string[] = [];
  const runner = (name: string, failStart = false): BackgroundRunner => ({
    name,
    start: async () => {
      if (failStart) throw new Error('queue schema missing');
      events.push(`start ${name}`);
    },
    stop: async (timeoutMs) => {
      events.push(`stop ${name} within ${timeoutMs}`);
    },
  });
  beforeEach(() => (events.length = 0));

  it('starts in order, stops last first with the time left, and is running only once all started', async () => {
    const runners = new Runners([runner('jobs'), runner('webhooks')], createLogger('silent'));
    expect(runners.running).toBe(false);
    await runners.start();
    expect(runners.running).toBe(true);
    await runners.stop(1234);
    expect(events).toEqual(['start jobs', 'start webhooks', 'stop webhooks within 1234', 'stop jobs within 1234']);
    // A second stop (shutdown after a failed start) has nothing left to stop.
    await runners.stop(1000);
    expect(events).toHaveLength(4);
  });

  it('stops the runners already started when one fails to start, and names it', async () => {
    const runners = new Runners([runner('jobs'), runner('webhooks', true), runner('never')], createLogger('silent'));
    await expect(runners.start()).rejects.toThrow('background runner webhooks failed to start: queue schema missing');
    expect(events).toEqual(['start jobs', 'stop jobs within 0']);
    expect(runners.running).toBe(false);
  });

  it('runs nothing in an API process with VISION_WORKERS=0', async () => {
    const none = Runners.none(createLogger('silent'));
    await none.start();
    expect(none.running).toBe(true);
    await none.stop(1000);
  });
});
