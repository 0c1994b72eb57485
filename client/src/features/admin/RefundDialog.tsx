import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Dialog, DialogForm } from '../../design/Dialog';
import { ErrorNotice } from '../../design/ErrorNotice';
import { TextField } from '../../design/Field';
import { Notice } from '../../design/Feedback';
import type { PaymentFieldsFragment } from '../../gql/graphql';
import { describeErrors, fieldError } from '../../lib/errors';
import { formatMoney } from '../../lib/format';
import { RefundPaymentMutation } from './operations';

/** Refund through Stripe: credits are taken back when Stripe's webhook confirms it. */
export function RefundDialog({ payment, onClose }: { payment: PaymentFieldsFragment; onClose: () => void }) {
  const refundable = payment.amountCents - payment.refundedCents;
  const [amount, setAmount] = useState((refundable / 100).toFixed(2));
  const [refund, { data, loading, error }] = useMutation(RefundPaymentMutation);
  const errors = describeErrors(error);
  return (
    <Dialog title={`Refund “${payment.packName}”`} onClose={onClose}>
      {data ? (
        <div className="stack">
          <Notice tone="success">
            Refund of {formatMoney(data.refundPayment.amountCents, payment.currency)} requested ({data.refundPayment.status}). The payment and the credits change when Stripe confirms it.
          </Notice>
          <div className="row row--end">
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <DialogForm
          onSubmit={() => refund({ variables: { paymentId: payment.id, amountCents: Math.round(Number(amount) * 100) } })}
          onCancel={onClose}
          submitLabel="Refund"
          busyLabel="Refunding…"
          loading={loading}
          disabled={!(Number(amount) > 0)}
          danger
        >
          <p className="muted">
            Paid {formatMoney(payment.amountCents, payment.currency)}; {formatMoney(refundable, payment.currency)} can still be refunded.
          </p>
          <TextField label={`Amount (${payment.currency.toUpperCase()})`} type="number" min={0.01} step={0.01} value={amount} onChange={(e) => setAmount(e.target.value)} error={fieldError(errors, 'amountCents')} />
          <ErrorNotice error={errors.filter((item) => item.field !== 'amountCents')} />
        </DialogForm>
      )}
    </Dialog>
  );
}
