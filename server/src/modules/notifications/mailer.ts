import nodemailer, { type Transporter } from 'nodemailer';
import type { OutboxStore } from './outbox.store';
import type { MailMessage } from './mail.types';

/** Delivers one message or throws; the notification service decides what to do on failure. */
export interface Mailer {
  readonly name: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Real delivery through any SMTP server named by SMTP_URL (nodemailer). */
export class SmtpMailer implements Mailer {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      headers: { 'X-VisionGate-Mail': message.kind },
    });
  }

  close(): void {
    this.transport.close();
  }
}

/** Without SMTP_URL every mail is kept in the `outbox` table, where development and tests read it. */
export class OutboxMailer implements Mailer {
  readonly name = 'outbox';

  constructor(private readonly outbox: OutboxStore) {}

  async send(message: MailMessage): Promise<void> {
    await this.outbox.store(message, 'HELD');
  }

  close(): void {}
}
