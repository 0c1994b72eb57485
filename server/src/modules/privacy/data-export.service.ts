import type { LedgerEntry } from '../credits';
import { User, UsersService, accountSummary } from '../users';
import type { PrivacyDeps } from './privacy.needs';

/** Bumped whenever a section changes shape, so tools reading old exports can tell. */
export const EXPORT_FORMAT_VERSION = 1;
const BATCH = 1000;

type DataExportDeps = Pick<
  PrivacyDeps,
  'clock' | 'users' | 'sessions' | 'consents' | 'requests' | 'apiTokens' | 'credits' | 'billing' | 'consumptionLogs' | 'contact' | 'accessLogs' | 'notifications' | 'storedResults' | 'webhookEndpoints' | 'webhookDeliveries'
>;

/**
 * The machine-readable copy of everything we hold about one account (seed 001 §8 access and
 * portability, seed 000 §6). Secrets never appear: no password hash, no token value or hash.
 * Each section is whitelisted field by field, so a new column never leaks in by accident.
 */
export class DataExportService {
  constructor(private readonly deps: DataExportDeps) {}

  async build(userId: string): Promise<Record<string, unknown>> {
    const { users, consents, requests, contact, accessLogs, notifications, storedResults, clock } = this.deps;
    const user = await users.getById(userId);
    return {
      formatVersion: EXPORT_FORMAT_VERSION,
      generatedAt: clock.now().toISOString(),
      service: 'VisionGate',
      profile: profileOf(user),
      preferences: { ...UsersService.preferencesOf(user), processingRestricted: user.processingRestricted },
      consents: (await consents.all(userId)).map((c) => ({ subject: c.subject, enabled: c.enabled, source: c.source, at: c.createdAt })),
      apiTokens: await this.tokensOf(userId),
      sessions: (await this.deps.sessions.all(userId)).map((s) => ({
        id: s.id,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        expiresAt: s.expiresAt,
        revokedAt: s.revokedAt,
        ip: s.ip,
        browser: s.browser,
      })),
      ledger: (await this.ledger(userId)).map((e) => ({
        id: e.id,
        delta: e.delta,
        reason: e.reason,
        reference: e.reference,
        note: e.note,
        balanceAfter: e.balanceAfter,
        createdAt: e.createdAt,
      })),
      payments: await this.payments(userId),
      consumptionLogs: await this.consumptionOf(userId),
      contactMessages: (await contact.ofUser(userId, user.email)).map((m) => ({
        id: m.id,
        name: m.name,
        email: m.email,
        subject: m.subject,
        message: m.message,
        createdAt: m.createdAt,
        handledAt: m.handledAt,
      })),
      dataRightsRequests: (await requests.all(userId)).map((r) => ({
        id: r.id,
        type: r.type,
        status: r.status,
        details: r.details,
        resolution: r.resolution,
        createdAt: r.createdAt,
        dueAt: r.dueAt,
        completedAt: r.completedAt,
      })),
      accessLogs: await accessLogs.forUser(userId),
      mail: (await notifications.outbox.forUser(userId)).map((m) => ({
        kind: m.kind,
        to: m.to_address,
        subject: m.subject,
        status: m.status,
        createdAt: m.created_at,
      })),
      storedResults: (await storedResults.list(userId, 1_000_000)).map((r) => ({
        id: r.id,
        kind: r.kind,
        feature: r.feature,
        mime: r.mime,
        sizeBytes: r.sizeBytes,
        consumptionId: r.consumptionId,
        createdAt: r.createdAt,
        download: `/results/${r.id}`,
      })),
      // Without secrets; deliveries without their payloads (the jobs themselves carry the results).
      webhookEndpoints: await this.deps.webhookEndpoints.exportOf(userId),
      webhookDeliveries: await this.deps.webhookDeliveries.exportOf(userId),
    };
  }

  private async tokensOf(userId: string) {
    const tokens = await this.deps.apiTokens.list(userId);
    // Metadata only: the secret was never stored and its hash is not the user's business.
    return tokens.map((t) => ({
      id: t.id,
      name: t.name,
      prefix: t.prefix,
      spendLimit: t.spendLimit,
      expiresAt: t.expiresAt,
      revokedAt: t.revokedAt,
      lastUsedAt: t.lastUsedAt,
      createdAt: t.createdAt,
    }));
  }

  private async ledger(userId: string): Promise<LedgerEntry[]> {
    const all: LedgerEntry[] = [];
    for (;;) {
      const last = all[all.length - 1];
      const page = await this.deps.credits.history(userId, BATCH, last?.seq);
      all.push(...page);
      if (page.length < BATCH) return all;
    }
  }

  private async payments(userId: string) {
    const rows = [];
    for (;;) {
      const last = rows[rows.length - 1];
      const page = await this.deps.billing.payments({ userId }, BATCH, last && { createdAt: last.createdAt, id: last.id });
      rows.push(...page);
      if (page.length < BATCH) break;
    }
    return rows.map((p) => ({
      id: p.id,
      status: p.status,
      amountCents: p.amountCents,
      currency: p.currency,
      credits: p.credits,
      packName: p.packName,
      checkoutSessionId: p.checkoutSessionId,
      paymentIntentId: p.paymentIntentId,
      cardBrand: p.cardBrand,
      cardLast4: p.cardLast4,
      refundedCents: p.refundedCents,
      disputedCents: p.disputedCents,
      succeededAt: p.succeededAt,
      createdAt: p.createdAt,
    }));
  }

  private async consumptionOf(userId: string) {
    const rows = [];
    for await (const batch of this.deps.consumptionLogs.batches(userId, {}, BATCH)) {
      for (const c of batch) {
        rows.push({
          id: c.id,
          feature: c.feature,
          credits: c.credits,
          source: c.source,
          apiTokenId: c.apiTokenId,
          apiTokenName: c.apiTokenName,
          imageUrl: c.imageUrl,
          status: c.status,
          durationMs: c.durationMs,
          errorCode: c.errorCode,
          createdAt: c.createdAt,
        });
      }
    }
    return rows;
  }
}

function profileOf(user: User) {
  return {
    ...accountSummary(user),
    termsAcceptedAt: user.termsAcceptedAt,
    ageConfirmedAt: user.ageConfirmedAt,
    signupIp: user.signupIp,
    hasStripeCustomer: user.stripeCustomerId !== null,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
