import type { Platform } from '../../core/module';
import type { BillingService } from '../billing';
import type { CreditsService } from '../credits';
import { User } from '../users';
import { templates, TemplateVars } from './mail-templates';
import { MailKind, MailMessage, mayReceive } from './mail.types';
import { Mailer, OutboxMailer, SmtpMailer } from './mailer';
import { OutboxStore } from './outbox.store';

/** The mail settings and links (config), and the services mail content is read from. */
export type NotificationNeeds = Pick<Platform, 'config' | 'dataSource' | 'clock' | 'logger'> & {
  credits: Pick<CreditsService, 'balance'>;
  billing: Pick<BillingService, 'describePayment'>;
};

export type SendOutcome = 'SENT' | 'SKIPPED_BY_PREFERENCE' | 'THROTTLED' | 'NO_RECIPIENT';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A mail SMTP refused is retried this many times by the retention housekeeping. */
export const MAX_MAIL_ATTEMPTS = 5;

/**
 * Decides, renders and delivers every mail. Each send checks the recipient's preferences at send
 * time; a delivery failure never fails the caller: the mail goes to the outbox as FAILED instead.
 */
export class NotificationService {
  readonly outbox: OutboxStore;
  private mailer: Mailer;

  constructor(private readonly deps: NotificationNeeds) {
    this.outbox = new OutboxStore(deps.dataSource, deps.clock);
    const { smtpUrl, from } = deps.config.mail;
    this.mailer = smtpUrl ? new SmtpMailer(smtpUrl, from) : new OutboxMailer(this.outbox);
  }

  get transport(): Mailer['name'] {
    return this.mailer.name;
  }

  passwordChanged(userId: string): Promise<SendOutcome> {
    return this.sendToUser(userId, MailKind.PASSWORD_CHANGED, {});
  }

  apiTokenCreated(userId: string, tokenName: string): Promise<SendOutcome> {
    return this.sendToUser(userId, MailKind.API_TOKEN_CREATED, { tokenName });
  }

  async paymentConfirmed(userId: string, paymentId: string): Promise<SendOutcome> {
    const balance = await this.deps.credits.balance(userId);
    return this.sendToUser(userId, MailKind.PAYMENT_CONFIRMED, { paymentId, detail: await this.describePayment(paymentId), balance });
  }

  /** Usage alert when the balance fell below the threshold; at most once a day per user. */
  async creditsSpent(userId: string, balanceAfter: number): Promise<SendOutcome | 'ABOVE_THRESHOLD'> {
    const threshold = this.deps.config.mail.lowBalanceThreshold;
    if (balanceAfter >= threshold) return 'ABOVE_THRESHOLD';
    return this.sendToUser(userId, MailKind.LOW_BALANCE, { balance: balanceAfter, threshold }, { oncePer: DAY_MS });
  }

  /**
   * The deletion receipt, sent to the address before it is erased. Essential: no preference
   * stops it. Awaited by the deletion so it is delivered (or held in the outbox) first.
   */
  accountDeleting(userId: string, email: string): Promise<SendOutcome> {
    const deletedAt = this.deps.clock.now().toISOString().slice(0, 10);
    return this.sendToUser(userId, MailKind.ACCOUNT_DELETED, { deletedAt }, { to: email });
  }

  /** Product news: only to users who opted in and are not restricted. */
  marketing(userId: string, subject: string, body: string): Promise<SendOutcome> {
    return this.sendToUser(userId, MailKind.MARKETING, { subject, body });
  }

  /** Retries mail SMTP refused earlier (retention housekeeping). */
  async retryFailed(limit = 100): Promise<{ sent: number; failed: number }> {
    if (this.mailer.name !== 'smtp') return { sent: 0, failed: 0 };
    return this.outbox.claimFailed(limit, MAX_MAIL_ATTEMPTS, async (row) => {
      try {
        await this.mailer.send({ kind: row.kind, userId: row.user_id, to: row.to_address, subject: row.subject, text: row.body });
        return null;
      } catch (error) {
        return (error as Error).message ?? String(error);
      }
    });
  }

  close(): void {
    this.mailer.close();
  }

  private async sendToUser<K extends MailKind>(
    userId: string,
    kind: K,
    vars: TemplateVars<K>,
    options: { to?: string; oncePer?: number } = {},
  ): Promise<SendOutcome> {
    const user = await this.deps.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user) return 'NO_RECIPIENT';
    if (!mayReceive(kind, { ...user, deleted: user.deletedAt !== null })) {
      this.deps.logger.debug({ userId, kind }, 'mail not sent: the preferences say no');
      return 'SKIPPED_BY_PREFERENCE';
    }
    if (options.oncePer && !(await this.claimSlot(userId, kind, options.oncePer))) return 'THROTTLED';
    const render = templates[kind] as (ctx: { firstName: string; settingsUrl: string }, vars: TemplateVars<K>) => { subject: string; text: string };
    const { subject, text } = render({ firstName: user.firstName || 'there', settingsUrl: `${this.deps.config.publicUrl}/settings` }, vars);
    await this.deliver({ kind, userId, to: options.to ?? user.email, subject, text });
    return 'SENT';
  }

  /** Atomically takes the "once per period" slot; concurrent callers cannot both win. */
  private async claimSlot(userId: string, kind: MailKind, periodMs: number): Promise<boolean> {
    const now = this.deps.clock.now();
    const rows = await this.deps.dataSource.query(
      `INSERT INTO notification_throttle (user_id, kind, last_sent_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, kind) DO UPDATE SET last_sent_at = EXCLUDED.last_sent_at
       WHERE notification_throttle.last_sent_at <= $4
       RETURNING 1`,
      [userId, kind, now, new Date(now.getTime() - periodMs)],
    );
    return rows.length > 0;
  }

  private async deliver(message: MailMessage): Promise<void> {
    try {
      await this.mailer.send(message);
      this.deps.logger.info({ kind: message.kind, userId: message.userId, transport: this.mailer.name }, 'mail sent');
    } catch (error) {
      // Nothing is lost: the mail waits in the outbox and the housekeeping job retries it.
      this.deps.logger.warn({ err: error, kind: message.kind, userId: message.userId }, 'mail delivery failed; kept in the outbox');
      await this.outbox.store(message, 'FAILED', (error as Error).message ?? String(error));
    }
  }

  /** Amount and pack of a payment as billing describes it; the mail still goes out without. */
  private async describePayment(paymentId: string): Promise<string> {
    try {
      return await this.deps.billing.describePayment(paymentId);
    } catch (error) {
      this.deps.logger.warn({ err: error, paymentId }, 'payment details unavailable for the confirmation mail');
      return '';
    }
  }
}
