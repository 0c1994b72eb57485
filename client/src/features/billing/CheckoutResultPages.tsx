import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '../../design/ErrorNotice';
import { Loading, Notice, PageHeader, StatusBadge } from '../../design/Feedback';
import { formatMoney } from '../../lib/format';
import { ViewerQuery } from '../auth/operations';
import { PaymentsQuery } from './operations';

/** Stripe may deliver the webhook after the redirect: poll until the newest payment settles. */
const POLL_INTERVAL_MS = 1500;
const POLL_LIMIT_MS = 60_000;

export function CheckoutSuccessPage() {
  const [startedAt] = useState(() => Date.now());
  const [gaveUp, setGaveUp] = useState(false);
  const payments = useQuery(PaymentsQuery, { variables: { first: 1, after: null }, fetchPolicy: 'network-only' });
  const latest = payments.data?.payments.nodes[0];
  const settled = Boolean(latest && latest.status !== 'PENDING');
  // Re-read the balance once the payment settled: the header updates through the normalized User entry.
  const viewer = useQuery(ViewerQuery, { fetchPolicy: 'network-only', skip: !settled });

  useEffect(() => {
    if (settled || gaveUp) return;
    const timer = setTimeout(() => {
      if (Date.now() - startedAt > POLL_LIMIT_MS) setGaveUp(true);
      else void payments.refetch();
    }, POLL_INTERVAL_MS);
    return () => clearTimeout(timer);
    // Runs again after each answer (payments.data changes) until the payment settles.
  }, [settled, gaveUp, startedAt, payments.data, payments.refetch]);

  return (
    <div className="card card--narrow">
      <PageHeader title="Thank you!" />
      {payments.error && <ErrorNotice error={payments.error} />}
      {!latest && !payments.error && <Loading label="Confirming your payment…" />}
      {latest && latest.status === 'PENDING' && !gaveUp && <Loading label="Waiting for the payment confirmation…" />}
      {gaveUp && !settled && <Notice tone="info">The payment is still being confirmed. Your credits appear as soon as it is; check the payment history.</Notice>}
      {latest && latest.status === 'SUCCEEDED' && (
        <Notice tone="success">
          {latest.credits.toLocaleString()} credits were added for {formatMoney(latest.amountCents, latest.currency)}.
          {viewer.data?.me && (
            <>
              {' '}
              Your balance is now <strong data-testid="success-balance">{viewer.data.me.credits.toLocaleString()}</strong> credits.
            </>
          )}
        </Notice>
      )}
      {latest && settled && latest.status !== 'SUCCEEDED' && (
        <Notice tone="warning">
          The payment is <StatusBadge status={latest.status} />. {latest.failureReason}
        </Notice>
      )}
      <div className="row" style={{ marginTop: 16 }}>
        <Link className="button" to="/playground">
          Use your credits
        </Link>
        <Link className="button button--secondary" to="/billing">
          Back to billing
        </Link>
      </div>
    </div>
  );
}

export function CheckoutCancelPage() {
  return (
    <div className="card card--narrow">
      <PageHeader title="Checkout cancelled" />
      <p>No payment was taken. You can pick a pack again whenever you like.</p>
      <Link className="button" to="/billing">
        Back to billing
      </Link>
    </div>
  );
}
