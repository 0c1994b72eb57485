import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApollo, testPage, viewerMock } from '../../test/render';
import { BillingPage, checkoutNavigator } from './BillingPage';
import { BillingPageQuery, CreateCheckoutSessionMutation, PaymentsQuery } from './operations';

const pack = { __typename: 'CreditPack', id: 'pack-1', name: 'Starter', credits: 100, priceCents: 1000, currency: 'usd' };
const payment = {
  __typename: 'Payment',
  id: 'payment-1',
  createdAt: '2026-11-01T10:00:00.000Z',
  succeededAt: null,
  packName: 'Starter',
  credits: 100,
  amountCents: 1000,
  currency: 'usd',
  status: 'PARTIALLY_REFUNDED',
  cardBrand: 'visa',
  cardLast4: '4242',
  refundedCents: 250,
  creditsReversed: 25,
  failureReason: null,
};

describe('billing', () => {
  it('marks TEST MODE, shows payments with status badges, and redirects to the checkout URL', async () => {
    const user = userEvent.setup();
    const go = vi.spyOn(checkoutNavigator, 'go').mockImplementation(() => undefined);
    renderWithApollo(<BillingPage />, {
      mocks: [
        viewerMock(),
        { request: { query: BillingPageQuery }, result: { data: { __typename: 'Query', billingSettings: { __typename: 'BillingSettings', available: true, testMode: true }, creditPacks: [pack] } } },
        {
          request: { query: PaymentsQuery, variables: { first: 10, after: null } },
          result: { data: { __typename: 'Query', payments: testPage('PaymentPage', [payment]) } },
        },
        {
          request: { query: CreateCheckoutSessionMutation, variables: { packId: 'pack-1' } },
          result: { data: { __typename: 'Mutation', createCheckoutSession: { __typename: 'CheckoutSession', url: '/test-checkout/cs_test_1', paymentId: 'p2', testMode: true } } },
        },
      ],
    });
    expect(await screen.findByText('TEST MODE')).toBeInTheDocument();
    expect(await screen.findByText('Partially refunded')).toHaveClass('badge--warning');
    expect(screen.getByText('visa •••• 4242')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Buy Starter: 100 credits for $10.00' }));
    await vi.waitFor(() => expect(go).toHaveBeenCalledWith('/test-checkout/cs_test_1'));
  });
});
