import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Card } from '../../design/Card';
import { ErrorNotice } from '../../design/ErrorNotice';
import { EmptyState, Loading, Notice, PageHeader } from '../../design/Feedback';
import { formatMoney } from '../../lib/format';
import { useViewer } from '../auth/viewer';
import { BillingPageQuery, CreateCheckoutSessionMutation } from './operations';
import { PaymentHistory } from './PaymentHistory';

/** Where the browser goes to pay; a seam so tests can observe the redirect. */
export const checkoutNavigator = { go: (url: string) => window.location.assign(url) };

export function BillingPage() {
  const { viewer } = useViewer();
  const { data, loading, error } = useQuery(BillingPageQuery);
  const [startCheckout, checkout] = useMutation(CreateCheckoutSessionMutation);
  const [buyingPackId, setBuyingPackId] = useState<string | null>(null);
  const settings = data?.billingSettings;

  async function buy(packId: string) {
    setBuyingPackId(packId);
    try {
      const result = await startCheckout({ variables: { packId } });
      if (result.data) checkoutNavigator.go(result.data.createCheckoutSession.url);
    } catch {
      setBuyingPackId(null);
    }
  }

  return (
    <>
      <PageHeader title="Billing" description={viewer ? `Current balance: ${viewer.credits.toLocaleString()} credits` : undefined} />
      <div className="stack">
        {settings?.testMode && (
          <Notice tone="warning">
            <strong>TEST MODE</strong>: purchases complete on a built-in test checkout page. No card is charged and no money moves.
          </Notice>
        )}
        {settings && !settings.available && <Notice tone="warning">Payments are not available on this server right now.</Notice>}
        <Card title="Credit packs">
          {error && <ErrorNotice error={error} />}
          {loading && !data && <Loading />}
          {data && data.creditPacks.length === 0 && <EmptyState title="No packs on sale" />}
          {data && data.creditPacks.length > 0 && (
            <div className="grid grid--3">
              {data.creditPacks.map((pack) => (
                <div key={pack.id} className="card stat" data-testid="credit-pack">
                  <span className="stat__label">{pack.name}</span>
                  <span className="stat__value">{pack.credits.toLocaleString()} credits</span>
                  <span className="muted">
                    {formatMoney(pack.priceCents, pack.currency)} · {formatMoney(Math.round(pack.priceCents / pack.credits), pack.currency)} per credit
                  </span>
                  <button
                    type="button"
                    className="button"
                    style={{ marginTop: 12 }}
                    disabled={!settings?.available || buyingPackId !== null}
                    onClick={() => buy(pack.id)}
                    aria-label={`Buy ${pack.name}: ${pack.credits} credits for ${formatMoney(pack.priceCents, pack.currency)}`}
                  >
                    {buyingPackId === pack.id ? 'Opening checkout…' : settings?.testMode ? 'Buy (TEST MODE)' : 'Buy'}
                  </button>
                </div>
              ))}
            </div>
          )}
          <ErrorNotice error={checkout.error} />
        </Card>
        <PaymentHistory />
      </div>
    </>
  );
}
