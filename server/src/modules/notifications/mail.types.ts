import { stringEnum, type EnumValue } from '../../core/string-enum';

/** Every mail the service sends. Categories decide which preference governs it. */
export const MailKind = stringEnum(['ACCOUNT_DELETED', 'PASSWORD_CHANGED', 'API_TOKEN_CREATED', 'PAYMENT_CONFIRMED', 'LOW_BALANCE', 'MARKETING']);
export type MailKind = EnumValue<typeof MailKind>;

export type MailCategory = 'ESSENTIAL' | 'SECURITY' | 'TRANSACTIONAL' | 'USAGE' | 'MARKETING';

export const CATEGORY_OF: Record<MailKind, MailCategory> = {
  [MailKind.ACCOUNT_DELETED]: 'ESSENTIAL',
  [MailKind.PASSWORD_CHANGED]: 'SECURITY',
  [MailKind.API_TOKEN_CREATED]: 'SECURITY',
  [MailKind.PAYMENT_CONFIRMED]: 'TRANSACTIONAL',
  [MailKind.LOW_BALANCE]: 'USAGE',
  [MailKind.MARKETING]: 'MARKETING',
};

export interface MailMessage {
  kind: MailKind;
  /** The account the mail is about; null for mail to outside addresses. */
  userId: string | null;
  to: string;
  subject: string;
  text: string;
}

/** What the preference rule needs to know about the recipient. */
export interface RecipientPreferences {
  notifyEmail: boolean;
  notifyUsageAlerts: boolean;
  notifySecurityAlerts: boolean;
  notifyMarketing: boolean;
  processingRestricted: boolean;
  deleted: boolean;
}

/**
 * The one rule deciding whether a user gets a mail (seed 001 §2, §8):
 * - the deletion receipt is essential and always sent (it goes out before the address is erased);
 * - security alerts need `email` and `securityAlerts`; a processing restriction does not stop them
 *   because they protect the account itself;
 * - everything else also stops while processing is restricted; marketing needs the explicit opt-in.
 */
export function mayReceive(kind: MailKind, prefs: RecipientPreferences): boolean {
  const category = CATEGORY_OF[kind];
  if (category === 'ESSENTIAL') return true;
  if (prefs.deleted || !prefs.notifyEmail) return false;
  switch (category) {
    case 'SECURITY':
      return prefs.notifySecurityAlerts;
    case 'TRANSACTIONAL':
      return !prefs.processingRestricted;
    case 'USAGE':
      return prefs.notifyUsageAlerts && !prefs.processingRestricted;
    case 'MARKETING':
      return prefs.notifyMarketing && !prefs.processingRestricted;
  }
}
