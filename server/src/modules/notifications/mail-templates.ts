import { MailKind } from './mail.types';

export interface TemplateContext {
  firstName: string;
  settingsUrl: string;
}

interface Rendered {
  subject: string;
  text: string;
}

const footer = (ctx: TemplateContext) =>
  `\n\n--\nVisionGate. Choose which mail you receive: ${ctx.settingsUrl}`;

/** Plain-text bodies; they never carry a secret (token values, passwords, links that sign in). */
export const templates = {
  [MailKind.PASSWORD_CHANGED]: (ctx: TemplateContext, _vars: Record<string, never>): Rendered => ({
    subject: 'Your VisionGate password was changed',
    text: `Hello ${ctx.firstName},\n\nthe password of your VisionGate account was just changed and every other session was signed out.\nIf this was not you, reset your password and contact support at once.${footer(ctx)}`,
  }),
  [MailKind.API_TOKEN_CREATED]: (ctx: TemplateContext, vars: { tokenName: string }): Rendered => ({
    subject: 'A new API token was created',
    text: `Hello ${ctx.firstName},\n\nan API token named "${vars.tokenName}" was created for your VisionGate account.\nIf this was not you, revoke it in your dashboard and change your password.${footer(ctx)}`,
  }),
  [MailKind.PAYMENT_CONFIRMED]: (ctx: TemplateContext, vars: { paymentId: string; detail: string; balance: number }): Rendered => ({
    subject: 'Payment confirmed',
    text: `Hello ${ctx.firstName},\n\nyour payment was confirmed${vars.detail ? `: ${vars.detail}` : ''}.\nPayment reference: ${vars.paymentId}\nYour balance is now ${vars.balance} credits.${footer(ctx)}`,
  }),
  [MailKind.LOW_BALANCE]: (ctx: TemplateContext, vars: { balance: number; threshold: number }): Rendered => ({
    subject: 'Your VisionGate credit balance is low',
    text: `Hello ${ctx.firstName},\n\nyour balance is ${vars.balance} credits, below ${vars.threshold}. Calls stop when it reaches 0; buy a credit pack to keep going.\nWe send this at most once a day.${footer(ctx)}`,
  }),
  [MailKind.ACCOUNT_DELETED]: (ctx: TemplateContext, vars: { deletedAt: string }): Rendered => ({
    subject: 'Your VisionGate account was deleted',
    text: `Hello ${ctx.firstName},\n\nthis confirms that your VisionGate account was deleted on ${vars.deletedAt}.\n- Your sessions and API tokens have ended.\n- Your name, company, password and e-mail address are erased; this is the last mail to this address.\n- Usage records are kept only without any link to you; payment records are kept without personal data for 7 years as tax law requires.\nYou may register again with the same address at any time.`,
  }),
  [MailKind.MARKETING]: (ctx: TemplateContext, vars: { subject: string; body: string }): Rendered => ({
    subject: vars.subject,
    text: `Hello ${ctx.firstName},\n\n${vars.body}\n\nYou receive this because you opted in to product news; opt out any time in your settings.${footer(ctx)}`,
  }),
};

export type TemplateVars<K extends MailKind> = Parameters<(typeof templates)[K]>[1];
