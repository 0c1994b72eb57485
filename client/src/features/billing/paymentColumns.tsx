import type { Column } from '../../design/DataTable';
import { StatusBadge } from '../../design/Feedback';
import { graphql } from '../../gql';
import type { PaymentFieldsFragment as Payment } from '../../gql/graphql';
import { formatDateTime, formatMoney } from '../../lib/format';

/** A payment as the account's history and the admin console show it. */
export const PaymentFieldsFragment = graphql(`
  fragment PaymentFields on Payment {
    id
    createdAt
    succeededAt
    packName
    credits
    amountCents
    currency
    status
    cardBrand
    cardLast4
    refundedCents
    creditsReversed
    failureReason
  }
`);

/** One page of payments: the account's history and the admin console's list page alike. */
export const PaymentPageFieldsFragment = graphql(`
  fragment PaymentPageFields on PaymentPage {
    nodes {
      ...PaymentFields
    }
    pageInfo {
      ...PageInfoFields
    }
  }
`);

function refundedNote(payment: Payment, suffix: string) {
  return (
    payment.refundedCents > 0 && (
      <div className="small muted">
        −{formatMoney(payment.refundedCents, payment.currency)}
        {suffix}
      </div>
    )
  );
}

/** The columns payment tables pick from. */
export const paymentColumns = {
  date: { header: 'Date', nowrap: true, cell: (payment) => formatDateTime(payment.createdAt) },
  pack: { header: 'Pack', cell: (payment) => payment.packName },
  packWithCredits: {
    header: 'Pack',
    cell: (payment) => (
      <>
        {payment.packName} <span className="small muted">({payment.credits} credits)</span>
      </>
    ),
  },
  credits: { header: 'Credits', numeric: true, cell: (payment) => payment.credits.toLocaleString() },
  amount: { header: 'Amount', numeric: true, nowrap: true, cell: (payment) => formatMoney(payment.amountCents, payment.currency) },
  amountLessRefunds: {
    header: 'Amount',
    numeric: true,
    nowrap: true,
    cell: (payment) => (
      <>
        {formatMoney(payment.amountCents, payment.currency)}
        {refundedNote(payment, ' refunded')}
      </>
    ),
  },
  refunded: { header: 'Refunded', numeric: true, nowrap: true, cell: (payment) => (payment.refundedCents ? formatMoney(payment.refundedCents, payment.currency) : '—') },
  card: { header: 'Card', nowrap: true, cell: (payment) => (payment.cardBrand ? `${payment.cardBrand} •••• ${payment.cardLast4 ?? ''}` : '—') },
  status: {
    header: 'Status',
    cell: (payment) => (
      <>
        <StatusBadge status={payment.status} />
        {payment.failureReason && <div className="small muted">{payment.failureReason}</div>}
      </>
    ),
  },
} satisfies Record<string, Column<Payment>>;
