import { graphqlEnum, type EnumValue } from '../../graphql/enums';

export const PaymentStatus = graphqlEnum('PaymentStatus', ['PENDING', 'SUCCEEDED', 'FAILED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'DISPUTED']);
export type PaymentStatus = EnumValue<typeof PaymentStatus>;

/**
 * Every status a payment may move to from each status (as Vendure's payment process does).
 * Anything not listed is refused. Staying in the same status is not a transition: the caller
 * treats it as "already done", except PARTIALLY_REFUNDED which may take further partial refunds.
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  [PaymentStatus.PENDING]: [PaymentStatus.SUCCEEDED, PaymentStatus.FAILED],
  // A declined card fails the attempt, but the buyer may try another card in the same Checkout Session.
  [PaymentStatus.FAILED]: [PaymentStatus.SUCCEEDED],
  [PaymentStatus.SUCCEEDED]: [PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED, PaymentStatus.DISPUTED],
  [PaymentStatus.PARTIALLY_REFUNDED]: [PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED, PaymentStatus.DISPUTED],
  [PaymentStatus.REFUNDED]: [],
  // Stripe refuses refunds on a disputed charge. A dispute won (charge.dispute.closed, status
  // won) gives the money back: the payment is settled again. A dispute lost stays DISPUTED.
  [PaymentStatus.DISPUTED]: [PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED],
};

/** Statuses in which money was collected; refunds and disputes only make sense from these. */
const SETTLED = new Set<PaymentStatus>([PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED, PaymentStatus.DISPUTED]);

export type TransitionVerdict =
  /** Allowed: apply it. */
  | 'ALLOWED'
  /** Same status again (a second event with the same meaning): nothing to do. */
  | 'UNCHANGED'
  /** Not yet possible: a refund or dispute arrived before the payment was known to succeed. */
  | 'TOO_EARLY'
  /** Never possible from here (a late failure after success, anything after a full refund). */
  | 'ILLEGAL';

export function judgeTransition(from: PaymentStatus, to: PaymentStatus): TransitionVerdict {
  if (PAYMENT_TRANSITIONS[from].includes(to)) return 'ALLOWED';
  if (from === to) return 'UNCHANGED';
  if (!SETTLED.has(from) && SETTLED.has(to)) return 'TOO_EARLY';
  return 'ILLEGAL';
}
