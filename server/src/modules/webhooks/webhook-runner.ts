import type { Clock } from '../../core/clock';
import { isDatabaseUnavailable } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { DELIVERY_BATCH, WebhookDeliveriesService } from './webhook-deliveries.service';

/** How often the loop looks for due retries; new events wake it at once. */
export const POLL_INTERVAL_MS = 1000;
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The delivery loop, one per process (the BackgroundRunner shape of issue 17's worker tier):
 * rounds of `runDue` until nothing due is left, every POLL_INTERVAL_MS and whenever an event
 * wrote deliveries. Any number of processes may run it; SKIP LOCKED hands each delivery to one.
 */
export class WebhookDeliveryRunner {
  readonly name = 'webhook-deliveries';
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private again = false;
  private running = false;
  private abort = new AbortController();
  private lastPurgeAt = 0;

  constructor(
    private readonly deliveries: WebhookDeliveriesService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly pollIntervalMs = POLL_INTERVAL_MS,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.poll();
  }

  /** Runs a round soon (after an event wrote deliveries); coalesces with one already running. */
  wake(): void {
    if (!this.running) return;
    if (this.current) {
      this.again = true;
      return;
    }
    this.current = this.drain().finally(() => {
      this.current = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /**
   * No new round starts; the one running may finish its attempts for up to `timeoutMs`, then they
   * are aborted (recorded as interrupted and retried, by this or another process, on schedule).
   */
  async stop(timeoutMs: number): Promise<void> {
    this.running = false;
    this.again = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.current) return;
    const cut = setTimeout(() => this.abort.abort(), timeoutMs);
    await this.current;
    clearTimeout(cut);
  }

  private poll(): void {
    this.timer = setTimeout(() => {
      this.wake();
      if (this.running) this.poll();
    }, this.pollIntervalMs);
    // Never the reason a process stays alive.
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    try {
      while (this.running && (await this.deliveries.runDue(this.abort.signal)) >= DELIVERY_BATCH);
      const now = this.clock.now().getTime();
      if (this.running && now - this.lastPurgeAt >= PURGE_INTERVAL_MS) {
        this.lastPurgeAt = now;
        await this.deliveries.purge(this.clock.now());
      }
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.logger.warn({ err: error }, 'webhook deliveries paused: database unavailable');
      else this.logger.error({ err: error }, 'webhook delivery round failed');
    }
  }
}
