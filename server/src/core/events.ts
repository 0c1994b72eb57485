/**
 * In-process domain events: modules announce what happened (a user registered, a token was
 * created) and others react (Stripe customer, security-alert mail) without importing each other.
 * Listeners run after the announcing transaction committed; a failing listener is logged and
 * never fails the caller's request.
 */
export interface DomainEvents {
  'user.registered': { userId: string };
  'user.passwordChanged': { userId: string };
  /** A new token, or (rotated) a new secret for an existing one: both deserve the security-alert mail. */
  'apiToken.created': { userId: string; tokenId: string; name: string; rotated?: boolean };
  'credits.spent': { userId: string; balanceAfter: number };
  'payment.succeeded': { userId: string; paymentId: string };
  'user.deleting': { userId: string; email: string };
  /** After the erasure committed: the user row is a tombstone now. */
  'user.deleted': { userId: string };
  /** Rectification (seed 001 §8): which profile fields changed, never their values. */
  'user.profileUpdated': { userId: string; changedFields: string[] };
  /** Every preference change, for the consent log (seed 001 §8: withdraw at any time). */
  'user.preferencesChanged': { userId: string; before: NotificationPreferenceFlags; after: NotificationPreferenceFlags };
  /** After the commit of every job state change, in whichever process made it (issue 17); `document` is the job as its GraphQL fields. */
  'job.updated': { userId: string; jobId: string; batchId: string | null; status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'EXPIRED'; webhookUrl: string | null; document: Record<string, unknown> };
}

export interface NotificationPreferenceFlags {
  email: boolean;
  usageAlerts: boolean;
  securityAlerts: boolean;
  marketing: boolean;
}

type Listener<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => Promise<void> | void;

export class EventBus {
  private readonly listeners = new Map<keyof DomainEvents, Listener<never>[]>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly logError: (message: string, error: unknown) => void) {}

  on<K extends keyof DomainEvents>(event: K, listener: Listener<K>): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as Listener<never>);
    this.listeners.set(event, list);
  }

  /** Runs listeners in the background; `emitAndWait` when the caller needs them done first. */
  emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
    const run = this.emitAndWait(event, payload).finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  async emitAndWait<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): Promise<void> {
    for (const listener of (this.listeners.get(event) ?? []) as Listener<K>[]) {
      try {
        await listener(payload);
      } catch (error) {
        this.logError(`listener for ${event} failed`, error);
      }
    }
  }

  /** Waits for background listeners (tests, graceful shutdown). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
