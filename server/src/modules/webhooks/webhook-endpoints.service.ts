import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, ErrorCode, badInput, notFound } from '../../core/errors';
import { type AddressPolicy, checkTarget, parseImageUrl, urlNotAllowed } from '../vision';
import { CreatedWebhookEndpoint, WebhookEndpoint, WebhookEventType } from './webhooks.graphql';
import { SealedSecret, WebhookSecretBox, generateWebhookSecret } from './webhook-secret';

/** Like API tokens: enough for every environment of an integration, bounded for the delivery fan-out. */
export const MAX_WEBHOOK_ENDPOINTS = 10;
const MAX_URL_LENGTH = 2048;

/** Where webhooks may go: the image-URL address policy, and https only in production. */
export interface WebhookNetwork {
  policy: AddressPolicy;
  requireHttps: boolean;
  /** Tests install a tripwire that throws before a connection is made. */
  beforeConnect?: (address: string) => void;
}

/** Why a delivery cannot be signed or sent; the message is safe to store and show to the owner. */
export class DeliveryRefused extends Error {}

interface EndpointRow extends SealedSecret {
  id: string;
  url: string;
  events: WebhookEventType[];
  secret_hint: string;
  created_at: Date;
}

const ENDPOINT_COLUMNS = 'id, url, events, secret_hint, created_at';

const toEndpoint = (row: EndpointRow): WebhookEndpoint =>
  Object.assign(new WebhookEndpoint(), { id: row.id, url: row.url, events: row.events, secretHint: row.secret_hint, createdAt: row.created_at });

/** The row a sealed secret belongs to: a ciphertext copied elsewhere fails to open. */
const endpointBinding = (endpointId: string) => `webhook-endpoint:${endpointId}`;
const accountBinding = (userId: string) => `webhook-account:${userId}`;

/**
 * Per-account webhook endpoints and the account's signing secret. Secrets are returned once
 * (create, rotate) and stored sealed; lists show a hint only. Every query is scoped by owner, so
 * another user's id is NOT_FOUND.
 */
export class WebhookEndpointsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly box: WebhookSecretBox,
    readonly network: WebhookNetwork,
  ) {}

  /** Scheme rule alone (no network): also re-checked before every delivery. */
  checkScheme(url: URL): void {
    if (this.network.requireHttps && url.protocol !== 'https:') throw urlNotAllowed('webhook URLs must use https');
  }

  /**
   * A webhook URL as it will be stored, or BAD_USER_INPUT / URL_NOT_ALLOWED: syntax, https in
   * production, and every address the host resolves to is public (the image-URL policy).
   * The jobs module may call it for a job's webhookUrl before anything is charged.
   */
  async checkUrl(raw: string, field = 'url'): Promise<string> {
    const trimmed = raw.trim();
    if (trimmed.length > MAX_URL_LENGTH) throw badInput(field, `The URL is longer than ${MAX_URL_LENGTH} characters`);
    const url = parseImageUrl(trimmed, field);
    this.checkScheme(url);
    await checkTarget(url, 0, { policy: this.network.policy, field });
    return url.toString();
  }

  async list(userId: string): Promise<WebhookEndpoint[]> {
    const rows: EndpointRow[] = await this.dataSource.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map(toEndpoint);
  }

  async create(userId: string, rawUrl: string, events: WebhookEventType[]): Promise<CreatedWebhookEndpoint> {
    const chosen = [...new Set(events)];
    if (chosen.length === 0) throw badInput('events', 'Choose at least one event');
    const url = await this.checkUrl(rawUrl);
    const id = randomUUID();
    const { secret, hint } = generateWebhookSecret();
    const sealed = this.box.seal(secret, endpointBinding(id));
    const row = await this.dataSource.transaction(async (manager) => {
      // Serialise creations per user so two parallel requests cannot both take the last slot.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('webhook_endpoints:' || $1, 0))`, [userId]);
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM webhook_endpoints WHERE user_id = $1`, [userId]);
      if (count >= MAX_WEBHOOK_ENDPOINTS) {
        throw new AppError(ErrorCode.LIMIT_EXCEEDED, `You already have ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints; delete one before adding another`, {
          limit: MAX_WEBHOOK_ENDPOINTS,
        });
      }
      const [inserted]: EndpointRow[] = await manager.query(
        `INSERT INTO webhook_endpoints (id, user_id, url, events, secret_iv, secret_tag, secret_ciphertext, secret_hint)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${ENDPOINT_COLUMNS}`,
        [id, userId, url, chosen, sealed.secret_iv, sealed.secret_tag, sealed.secret_ciphertext, hint],
      );
      return inserted;
    });
    return { endpoint: toEndpoint(row), secret };
  }

  /** A new secret at once: the old one signs nothing from now on (retries included). */
  async rotate(userId: string, id: string): Promise<CreatedWebhookEndpoint> {
    const { secret, hint } = generateWebhookSecret();
    const sealed = this.box.seal(secret, endpointBinding(id));
    const [rows]: [EndpointRow[]] = await this.dataSource.query(
      `UPDATE webhook_endpoints SET secret_iv = $3, secret_tag = $4, secret_ciphertext = $5, secret_hint = $6
       WHERE id = $1 AND user_id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
      [id, userId, sealed.secret_iv, sealed.secret_tag, sealed.secret_ciphertext, hint],
    );
    if (rows.length === 0) throw notFound('Webhook endpoint');
    return { endpoint: toEndpoint(rows[0]), secret };
  }

  /** Its pending deliveries end FAILED (nothing could sign them); the history stays, without the endpoint. */
  async delete(userId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE webhook_deliveries SET status = 'FAILED', next_attempt_at = NULL WHERE endpoint_id = $1 AND user_id = $2 AND status = 'PENDING'`,
        [id, userId],
      );
      const [, deleted] = await manager.query(`DELETE FROM webhook_endpoints WHERE id = $1 AND user_id = $2`, [id, userId]);
      if (!deleted) throw notFound('Webhook endpoint');
    });
  }

  async assertOwned(userId: string, id: string): Promise<void> {
    const rows = await this.dataSource.query(`SELECT 1 FROM webhook_endpoints WHERE id = $1 AND user_id = $2`, [id, userId]);
    if (rows.length === 0) throw notFound('Webhook endpoint');
  }

  /**
   * The account's signing secret for deliveries to a job's own webhookUrl (Replicate's model:
   * one secret per account), created on first use and readable by its owner at any time.
   */
  async signingSecret(userId: string): Promise<string> {
    const existing = await this.readSigningSecret(userId);
    if (existing) return existing;
    const { secret, hint } = generateWebhookSecret();
    const sealed = this.box.seal(secret, accountBinding(userId));
    // A parallel first use may have won: its secret is the one kept and returned.
    await this.dataSource.query(
      `INSERT INTO webhook_signing_secrets (user_id, secret_iv, secret_tag, secret_ciphertext, secret_hint)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO NOTHING`,
      [userId, sealed.secret_iv, sealed.secret_tag, sealed.secret_ciphertext, hint],
    );
    return (await this.readSigningSecret(userId))!;
  }

  async rotateSigningSecret(userId: string): Promise<string> {
    const { secret, hint } = generateWebhookSecret();
    const sealed = this.box.seal(secret, accountBinding(userId));
    await this.dataSource.query(
      `INSERT INTO webhook_signing_secrets (user_id, secret_iv, secret_tag, secret_ciphertext, secret_hint)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE SET secret_iv = $2, secret_tag = $3, secret_ciphertext = $4, secret_hint = $5, created_at = now()`,
      [userId, sealed.secret_iv, sealed.secret_tag, sealed.secret_ciphertext, hint],
    );
    return secret;
  }

  /** The secret that signs a delivery now: its endpoint's, or the account's for a job's own URL. */
  async secretFor(delivery: { userId: string; endpointId: string | null; forJobUrl: boolean }): Promise<string> {
    if (delivery.forJobUrl) return this.unsealed(() => this.signingSecret(delivery.userId));
    if (!delivery.endpointId) throw new DeliveryRefused('the endpoint was deleted');
    const [row]: SealedSecret[] = await this.dataSource.query(
      `SELECT secret_iv, secret_tag, secret_ciphertext FROM webhook_endpoints WHERE id = $1 AND user_id = $2`,
      [delivery.endpointId, delivery.userId],
    );
    if (!row) throw new DeliveryRefused('the endpoint was deleted');
    return this.unsealed(async () => this.box.open(row, endpointBinding(delivery.endpointId!)));
  }

  /** Data export: the endpoints without their secrets. */
  async exportOf(userId: string) {
    return (await this.list(userId)).map(({ id, url, events, secretHint, createdAt }) => ({ id, url, events, secretHint, createdAt }));
  }

  /** Account deletion, inside its transaction: endpoints, secret, deliveries and attempts go. */
  async deleteAllOf(userId: string, manager: EntityManager): Promise<number> {
    await manager.query(`DELETE FROM webhook_deliveries WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM webhook_signing_secrets WHERE user_id = $1`, [userId]);
    const [, endpoints] = await manager.query(`DELETE FROM webhook_endpoints WHERE user_id = $1`, [userId]);
    return endpoints ?? 0;
  }

  private async readSigningSecret(userId: string): Promise<string | null> {
    const [row]: SealedSecret[] = await this.dataSource.query(
      `SELECT secret_iv, secret_tag, secret_ciphertext FROM webhook_signing_secrets WHERE user_id = $1`,
      [userId],
    );
    return row ? this.box.open(row, accountBinding(userId)) : null;
  }

  /** A secret sealed under another key (JWT_SECRET replaced) cannot sign; the owner must rotate it. */
  private async unsealed(open: () => Promise<string>): Promise<string> {
    try {
      return await open();
    } catch (error) {
      if (isUnreadableSecret(error)) throw new DeliveryRefused('the signing secret cannot be read (the server key changed); rotate the secret');
      throw error;
    }
  }
}

/** AES-GCM refuses a ciphertext under the wrong key or tampered with ("Unsupported state or unable to authenticate data"). */
function isUnreadableSecret(error: unknown): boolean {
  return error instanceof Error && /unable to authenticate data/i.test(error.message);
}
