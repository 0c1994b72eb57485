import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../core/clock';
import { AppError, conflict, notFound } from '../../core/errors';
import type { DomainEvents } from '../../core/events';
import type { Logger } from '../../core/logger';
import type { Keyset } from '../../graphql/pagination';
import { OutboundRequestError, safePost } from '../vision';
import { DeliveryRefused, WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEventType, eventTypeOfJobStatus, wireEventName } from './webhooks.graphql';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Waits after the 1st, 2nd… failed attempt: exponential, then capped at 8 h, so the last retry
 * happens 23.7 h after the first attempt (retried for 24 h, like Stripe and Svix). 11 attempts in all.
 */
export const RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 8 * HOUR];
/** One attempt's time limit, DNS and connection included (Standard Webhooks suggests 15 s at most). */
export const ATTEMPT_TIMEOUT_MS = 15 * SECOND;
/** The answer's body is read up to this and dropped: only its status counts. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** A claimed delivery is another process's again after this (its claimer died mid-attempt). */
const CLAIM_LEASE_MS = ATTEMPT_TIMEOUT_MS + 45 * SECOND;
/** Deliveries claimed and sent in parallel per round. */
export const DELIVERY_BATCH = 20;
/** Delivery history (without bodies) is kept this long, like Stripe's events. */
export const DELIVERY_HISTORY_DAYS = 30;
/** A body carries the job's result: kept as long as the job keeps it (24 h), then only the log remains. */
export const PAYLOAD_RETENTION_MS = 24 * HOUR;
/** `target` of a delivery to a job's own webhookUrl; an endpoint's delivery holds the endpoint id. */
const JOB_TARGET = 'job';

interface DeliveryRow {
  id: string;
  user_id: string;
  endpoint_id: string | null;
  target: string;
  job_id: string | null;
  message_id: string;
  event_type: WebhookEventType;
  url: string;
  payload: string | null;
  status: WebhookDeliveryStatus;
  scheduled_attempts: number;
  next_attempt_at: Date | null;
  created_at: Date;
}

/** A delivery with its body: every PENDING one (bodies are dropped only after a delivery finished). */
type SendableDelivery = DeliveryRow & { payload: string };

const DELIVERY_COLUMNS = 'id, user_id, endpoint_id, target, job_id, message_id, event_type, url, payload, status, scheduled_attempts, next_attempt_at, created_at';

/** Only the origin: a URL's path and query string may carry the receiver's own tokens. */
export function loggableOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}

/** The three Standard Webhooks headers for one attempt (the timestamp is the attempt's). */
export function signedHeaders(secret: string, messageId: string, at: Date, payload: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'VisionGate-Webhooks/1.0',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, at, payload),
  };
}

/**
 * Webhook deliveries: one row per event and receiver (written when the job event arrives), sent
 * by whichever process claims it first (`FOR UPDATE SKIP LOCKED`), each attempt recorded, retried
 * on the clock by RETRY_DELAYS_MS. At least once: a receiver deduplicates by `webhook-id`.
 */
export class WebhookDeliveriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly endpoints: WebhookEndpointsService,
    /** Injectable so a test can shorten the schedule; the clock drives it either way. */
    readonly retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
  ) {}

  /**
   * Writes the deliveries a job event calls for: one per endpoint subscribed to its type, and one
   * to the job's own webhookUrl. A job announcing the same state again (progress) adds none: the
   * event key is the job, the event and the job's attempt number. Returns how many rows it wrote.
   * Given the job's transaction (`manager`), the deliveries commit with the state change, so a
   * crash between the two cannot lose them; the listener's later call then writes nothing.
   */
  async enqueue(event: DomainEvents['job.updated'], manager: EntityManager = this.dataSource.manager): Promise<number> {
    const type = eventTypeOfJobStatus(event.status);
    if (!type) return 0;
    const endpoints: Array<{ id: string; url: string }> = await manager.query(
      `SELECT id, url FROM webhook_endpoints WHERE user_id = $1 AND $2 = ANY(events) ORDER BY created_at, id`,
      [event.userId, type],
    );
    const targets: Array<{ target: string; endpointId: string | null; url: string }> = endpoints.map((endpoint) => ({ target: endpoint.id, endpointId: endpoint.id, url: endpoint.url }));
    if (event.webhookUrl) targets.push({ target: JOB_TARGET, endpointId: null, url: event.webhookUrl });
    if (targets.length === 0) return 0;

    const now = this.clock.now();
    const payload = JSON.stringify({ type: wireEventName(type), timestamp: now.toISOString(), data: event.document });
    const jobAttempt = typeof event.document.attempts === 'number' ? event.document.attempts : 0;
    const rows: unknown[] = await manager.query(
      `INSERT INTO webhook_deliveries (user_id, endpoint_id, target, job_id, event_key, message_id, event_type, url, payload, next_attempt_at, created_at)
       SELECT $1, t.endpoint_id, t.target, $2, $3, t.message_id, $4, t.url, $5, $6, $6
       FROM unnest($7::uuid[], $8::text[], $9::text[], $10::text[]) AS t(endpoint_id, target, message_id, url)
       ON CONFLICT (event_key, target) DO NOTHING
       RETURNING id`,
      [
        event.userId,
        event.jobId,
        `${event.jobId}:${type}:${jobAttempt}`,
        type,
        payload,
        now,
        targets.map((t) => t.endpointId),
        targets.map((t) => t.target),
        targets.map(() => `msg_${randomBytes(16).toString('hex')}`),
        targets.map((t) => t.url),
      ],
    );
    return rows.length;
  }

  /**
   * One round of the delivery loop: claims up to DELIVERY_BATCH due deliveries (moving their
   * next_attempt_at a lease ahead, so a crashed claimer's rows come back) and sends them in
   * parallel. Returns how many it claimed.
   */
  async runDue(signal?: AbortSignal): Promise<number> {
    const now = this.clock.now();
    const [claimed]: [SendableDelivery[]] = await this.dataSource.query(
      `UPDATE webhook_deliveries SET next_attempt_at = $2
       WHERE id IN (
         SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= $1
         ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING ${DELIVERY_COLUMNS}`,
      [now, new Date(now.getTime() + CLAIM_LEASE_MS), DELIVERY_BATCH],
    );
    await Promise.all(claimed.map((delivery) => this.attempt(delivery, 'scheduled', signal)));
    return claimed.length;
  }

  /** Sends the delivery once more now (same webhook-id, a new attempt); its retry schedule stays as it was. */
  async redeliver(userId: string, deliveryId: string): Promise<WebhookDelivery> {
    const [row]: DeliveryRow[] = await this.dataSource.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1 AND user_id = $2`, [deliveryId, userId]);
    if (!row) throw notFound('Webhook delivery');
    if (row.target !== JOB_TARGET && !row.endpoint_id) throw conflict('The endpoint of this delivery was deleted; nothing can sign it');
    if (row.payload === null) throw conflict('The body of this delivery is no longer kept (24 h after it finished)');
    await this.attempt({ ...row, payload: row.payload }, 'manual');
    return (await this.withAttempts(await this.dataSource.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1`, [deliveryId])))[0];
  }

  /** My deliveries, newest first, optionally of one endpoint (mine, else NOT_FOUND) or one job. */
  async page(userId: string, first: number, after: Keyset | undefined, filter: { endpointId?: string | null; jobId?: string | null }): Promise<WebhookDelivery[]> {
    if (filter.endpointId) await this.endpoints.assertOwned(userId, filter.endpointId);
    // Absent filters are NULL parameters, so one statement serves every combination.
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
       WHERE user_id = $1 AND ($3::uuid IS NULL OR endpoint_id = $3) AND ($4::varchar IS NULL OR job_id = $4)
         AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      [userId, first, filter.endpointId ?? null, filter.jobId ?? null, after?.createdAt ?? null, after?.id ?? null],
    );
    return this.withAttempts(rows);
  }

  /** Data export: every delivery kept (DELIVERY_HISTORY_DAYS) with its attempts, without the payloads. */
  async exportOf(userId: string) {
    const rows: DeliveryRow[] = await this.dataSource.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
    return (await this.withAttempts(rows)).map(({ id, messageId, eventType, url, endpointId, jobId, status, attempts, createdAt }) => ({
      id,
      messageId,
      eventType,
      url,
      endpointId,
      jobId,
      status,
      attempts: attempts.map(({ attemptedAt, statusCode, durationMs, error }) => ({ attemptedAt, statusCode, durationMs, error })),
      createdAt,
    }));
  }

  /**
   * Drops the bodies of deliveries finished PAYLOAD_RETENTION_MS ago or more, and deletes finished
   * deliveries older than DELIVERY_HISTORY_DAYS (their attempts go with them).
   */
  async purge(now: Date): Promise<{ bodiesDropped: number; deleted: number }> {
    const [, bodiesDropped] = await this.dataSource.query(
      `UPDATE webhook_deliveries SET payload = NULL WHERE payload IS NOT NULL AND status <> 'PENDING' AND created_at < $1`,
      [new Date(now.getTime() - PAYLOAD_RETENTION_MS)],
    );
    const [, deleted] = await this.dataSource.query(`DELETE FROM webhook_deliveries WHERE status <> 'PENDING' AND created_at < $1`, [
      new Date(now.getTime() - DELIVERY_HISTORY_DAYS * 24 * HOUR),
    ]);
    return { bodiesDropped: bodiesDropped ?? 0, deleted: deleted ?? 0 };
  }

  private async attempt(delivery: SendableDelivery, kind: 'scheduled' | 'manual', signal?: AbortSignal): Promise<void> {
    const { network } = this.endpoints;
    const attemptedAt = this.clock.now();
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      this.endpoints.checkScheme(new URL(delivery.url));
      const secret = await this.endpoints.secretFor({ userId: delivery.user_id, endpointId: delivery.endpoint_id, forJobUrl: delivery.target === JOB_TARGET });
      const headers = signedHeaders(secret, delivery.message_id, attemptedAt, delivery.payload);
      statusCode = await safePost(delivery.url, delivery.payload, headers, {
        policy: network.policy,
        beforeConnect: network.beforeConnect,
        timeoutMs: ATTEMPT_TIMEOUT_MS,
        maxBytes: MAX_ANSWER_BYTES,
        signal,
      });
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (failure) {
      // Our own refusals and network errors name no URL; anything else is ours to investigate.
      const known = failure instanceof AppError || failure instanceof OutboundRequestError || failure instanceof DeliveryRefused;
      if (!known) this.logger.error({ err: failure, deliveryId: delivery.id }, 'webhook attempt failed unexpectedly');
      error = known ? (failure as Error).message.slice(0, 300) : 'internal error';
    }
    const durationMs = Math.round(performance.now() - started);
    await this.record(delivery, kind, { attemptedAt, statusCode, durationMs, error });
    this.logger.info(
      { deliveryId: delivery.id, messageId: delivery.message_id, origin: loggableOrigin(delivery.url), kind, statusCode, durationMs, ok: error === null },
      'webhook attempt',
    );
  }

  private async record(delivery: DeliveryRow, kind: 'scheduled' | 'manual', attempt: Omit<WebhookAttempt, 'id'>): Promise<void> {
    const ok = attempt.error === null;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, error) VALUES ($1, $2, $3, $4, $5)`, [
        delivery.id,
        attempt.attemptedAt,
        attempt.statusCode,
        attempt.durationMs,
        attempt.error,
      ]);
      if (kind === 'manual') {
        // A manual resend that works settles the delivery; one that fails leaves its schedule alone.
        if (ok) await manager.query(`UPDATE webhook_deliveries SET status = 'SUCCEEDED', next_attempt_at = NULL WHERE id = $1`, [delivery.id]);
        return;
      }
      const done = delivery.scheduled_attempts + 1;
      const delay = this.retryDelaysMs[done - 1];
      const [status, next] = ok ? ['SUCCEEDED', null] : delay === undefined ? ['FAILED', null] : ['PENDING', new Date(attempt.attemptedAt.getTime() + delay)];
      // Only while still PENDING: a delete of the endpoint meanwhile has already ended it FAILED.
      await manager.query(`UPDATE webhook_deliveries SET status = $2, scheduled_attempts = $3, next_attempt_at = $4 WHERE id = $1 AND status = 'PENDING'`, [
        delivery.id,
        status,
        done,
        next,
      ]);
    });
  }

  private async withAttempts(rows: DeliveryRow[]): Promise<WebhookDelivery[]> {
    if (rows.length === 0) return [];
    const attempts: Array<WebhookAttempt & { deliveryId: string }> = await this.dataSource.query(
      `SELECT id, delivery_id AS "deliveryId", attempted_at AS "attemptedAt", status_code AS "statusCode", duration_ms AS "durationMs", error
       FROM webhook_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY attempted_at, id`,
      [rows.map((row) => row.id)],
    );
    const byDelivery = new Map<string, WebhookAttempt[]>();
    for (const { deliveryId, ...attempt } of attempts) {
      const list = byDelivery.get(deliveryId) ?? [];
      list.push(attempt);
      byDelivery.set(deliveryId, list);
    }
    return rows.map((row) =>
      Object.assign(new WebhookDelivery(), {
        id: row.id,
        messageId: row.message_id,
        eventType: row.event_type,
        url: row.url,
        endpointId: row.endpoint_id,
        jobId: row.job_id,
        status: row.status,
        attempts: byDelivery.get(row.id) ?? [],
        nextAttemptAt: row.next_attempt_at,
        createdAt: row.created_at,
      }),
    );
  }
}
