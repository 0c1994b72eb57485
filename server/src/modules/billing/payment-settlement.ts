import { EntityManager } from 'typeorm';
import type { Logger } from '../../core/logger';
import type { Clock } from '../../core/clock';
import { CreditsService, LedgerReason } from '../credits';
import { Payment } from './payment.entity';
import { PaymentStatus, judgeTransition } from './payment-status';

export type SettlementOutcome =
  | { kind: 'APPLIED'; detail: string; succeeded?: boolean }
  | { kind: 'IGNORED'; detail: string }
  | { kind: 'REFUSED'; detail: string }
  /** The payment is not ready for this change yet; the provider should deliver it again later. */
  | { kind: 'DEFERRED'; detail: string };

/**
 * The only place where a payment changes status and where credits move because of a payment.
 * Every method runs inside the caller's transaction on a payment row locked FOR UPDATE, so the
 * status, the amounts and the ledger rows commit together or not at all.
 */
export class PaymentSettlement {
  constructor(
    private readonly credits: CreditsService,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  /** Locks and returns the payment (or null) for the rest of the transaction. */
  lock(manager: EntityManager, where: { id?: string; checkoutSessionId?: string; paymentIntentId?: string }): Promise<Payment | null> {
    const [column, value] = where.id
      ? ['id', where.id]
      : where.checkoutSessionId
        ? ['checkout_session_id', where.checkoutSessionId]
        : ['payment_intent_id', where.paymentIntentId];
    if (!value) return Promise.resolve(null);
    return manager
      .getRepository(Payment)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where(`p.${column} = :value`, { value })
      .getOne();
  }

  /** Money collected: SUCCEEDED and one PURCHASE ledger row (reference = payment id). */
  async succeed(
    manager: EntityManager,
    payment: Payment,
    paid: { paymentIntentId: string | null; cardBrand: string | null; cardLast4: string | null },
  ): Promise<SettlementOutcome> {
    const refused = this.check(payment, PaymentStatus.SUCCEEDED);
    if (refused) return refused;
    await manager.update(Payment, payment.id, {
      status: PaymentStatus.SUCCEEDED,
      paymentIntentId: paid.paymentIntentId ?? payment.paymentIntentId,
      cardBrand: paid.cardBrand,
      cardLast4: paid.cardLast4,
      failureReason: null,
      succeededAt: this.clock.now(),
    });
    if (!payment.userId) {
      // The account was erased while the buyer was at the checkout: nobody to credit.
      this.logger.error({ paymentId: payment.id }, 'payment succeeded for an erased account; refund it');
      return { kind: 'APPLIED', detail: 'succeeded; account erased, no credits granted' };
    }
    await this.credits.apply(
      { userId: payment.userId, delta: payment.credits, reason: LedgerReason.PURCHASE, reference: payment.id, note: payment.packName },
      manager,
    );
    return { kind: 'APPLIED', detail: `succeeded; ${payment.credits} credits granted`, succeeded: true };
  }

  /** An asynchronous method (bank debit) is still on its way: remember the intent, stay PENDING. */
  async awaitAsyncPayment(manager: EntityManager, payment: Payment, paymentIntentId: string | null): Promise<SettlementOutcome> {
    if (payment.status !== PaymentStatus.PENDING) return { kind: 'IGNORED', detail: `already ${payment.status}` };
    if (paymentIntentId && !payment.paymentIntentId) await manager.update(Payment, payment.id, { paymentIntentId });
    return { kind: 'APPLIED', detail: 'checkout completed; awaiting the asynchronous payment' };
  }

  async fail(manager: EntityManager, payment: Payment, reason: string, paymentIntentId?: string | null): Promise<SettlementOutcome> {
    const refused = this.check(payment, PaymentStatus.FAILED);
    if (refused) return refused;
    await manager.update(Payment, payment.id, {
      status: PaymentStatus.FAILED,
      failureReason: reason.slice(0, 500),
      ...(paymentIntentId && !payment.paymentIntentId ? { paymentIntentId } : {}),
    });
    return { kind: 'APPLIED', detail: `failed: ${reason}` };
  }

  /**
   * Stripe reports the charge's cumulative refunded amount; credits come back in the same
   * proportion. A replay or an older refund state (smaller total) changes nothing.
   */
  async refund(manager: EntityManager, payment: Payment, refundedTotalCents: number): Promise<SettlementOutcome> {
    const refundedTotal = Math.min(refundedTotalCents, payment.amountCents);
    const target = refundedTotal >= payment.amountCents ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
    const refused = this.check(payment, target);
    if (refused) return refused;
    if (refundedTotal <= payment.refundedCents) {
      return { kind: 'IGNORED', detail: `refund total ${refundedTotal} already applied (have ${payment.refundedCents})` };
    }
    const reversal = await this.reverseCredits(manager, payment, refundedTotal + payment.disputedCents, LedgerReason.REFUND, `${payment.id}:refunded:${refundedTotal}`);
    await manager.update(Payment, payment.id, { status: target, refundedCents: refundedTotal, ...reversal.columns });
    return { kind: 'APPLIED', detail: `${target}: ${refundedTotal} cents refunded; ${reversal.summary}` };
  }

  /** A chargeback: the disputed money is withdrawn at once, so its credits are taken back now. */
  async dispute(manager: EntityManager, payment: Payment, disputedCents: number): Promise<SettlementOutcome> {
    const refused = this.check(payment, PaymentStatus.DISPUTED);
    if (refused) return refused;
    const disputed = Math.min(disputedCents, payment.amountCents - payment.refundedCents);
    const reversal = await this.reverseCredits(manager, payment, payment.refundedCents + disputed, LedgerReason.CHARGEBACK, payment.id);
    await manager.update(Payment, payment.id, { status: PaymentStatus.DISPUTED, disputedCents: disputed, ...reversal.columns });
    return { kind: 'APPLIED', detail: `DISPUTED: ${disputed} cents; ${reversal.summary}` };
  }

  /**
   * A dispute closed. Lost: the chargeback stands (credits stay taken back). Won: Stripe returns
   * the money, so the payment is settled again and what the dispute took back is given back;
   * credits it could not take (already spent, recorded as shortfall) are forgiven instead.
   */
  async closeDispute(manager: EntityManager, payment: Payment, won: boolean): Promise<SettlementOutcome> {
    if (payment.status !== PaymentStatus.DISPUTED) return { kind: 'IGNORED', detail: `payment is ${payment.status}, not DISPUTED` };
    if (!won) return { kind: 'IGNORED', detail: 'dispute lost: the chargeback stands' };
    const target = payment.refundedCents > 0 ? PaymentStatus.PARTIALLY_REFUNDED : PaymentStatus.SUCCEEDED;
    const refused = this.check(payment, target);
    if (refused) return refused;
    const keptReversed = Math.floor((payment.credits * payment.refundedCents) / payment.amountCents);
    const undone = Math.max(0, payment.creditsReversed - keptReversed);
    const forgiven = Math.min(payment.shortfallCredits, undone);
    const given = undone - forgiven;
    if (given > 0 && payment.userId) {
      await this.credits.apply(
        { userId: payment.userId, delta: given, reason: LedgerReason.CHARGEBACK, reference: `${payment.id}:dispute-won`, note: `Dispute won: ${payment.packName}` },
        manager,
      );
    }
    await manager.update(Payment, payment.id, {
      status: target,
      disputedCents: 0,
      creditsReversed: keptReversed,
      shortfallCredits: payment.shortfallCredits - forgiven,
    });
    return { kind: 'APPLIED', detail: `${target}: dispute won; ${given} credits given back${forgiven ? `, ${forgiven} shortfall forgiven` : ''}` };
  }

  /** Null when the move is allowed; otherwise the outcome to report (and the refusal logged). */
  private check(payment: Payment, to: PaymentStatus): SettlementOutcome | null {
    const verdict = judgeTransition(payment.status, to);
    switch (verdict) {
      case 'ALLOWED':
        return null;
      case 'UNCHANGED':
        return { kind: 'IGNORED', detail: `already ${to}` };
      case 'TOO_EARLY':
        return { kind: 'DEFERRED', detail: `payment is ${payment.status}; cannot become ${to} before it succeeded` };
      case 'ILLEGAL':
        this.logger.warn({ paymentId: payment.id, from: payment.status, to }, 'illegal payment transition refused');
        return { kind: 'REFUSED', detail: `illegal transition ${payment.status} → ${to}` };
    }
  }

  /**
   * Brings the credits answered for up to `credits × reversedCents / amount` (rounded down, so
   * a partial refund never takes more than was paid for). What the balance cannot cover
   * (already spent) is recorded as shortfall; the balance stops at 0.
   */
  private async reverseCredits(manager: EntityManager, payment: Payment, reversedCents: number, reason: LedgerReason, reference: string) {
    const cents = Math.min(reversedCents, payment.amountCents);
    const targetReversed = Math.floor((payment.credits * cents) / payment.amountCents);
    const owed = targetReversed - payment.creditsReversed;
    let taken = 0;
    if (owed > 0 && payment.userId) {
      const applied = await this.credits.takeUpTo(
        { userId: payment.userId, delta: -owed, reason, reference, note: `${reason === LedgerReason.REFUND ? 'Refund' : 'Chargeback'} of ${payment.packName}` },
        manager,
      );
      taken = -applied.delta;
    }
    const shortfall = Math.max(owed, 0) - taken;
    return {
      columns: { creditsReversed: Math.max(targetReversed, payment.creditsReversed), shortfallCredits: payment.shortfallCredits + shortfall },
      summary: `${taken} credits taken back${shortfall ? `, ${shortfall} already spent (shortfall)` : ''}`,
    };
  }
}
