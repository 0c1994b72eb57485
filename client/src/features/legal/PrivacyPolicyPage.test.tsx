import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApollo, type Mock } from '../../test/render';
import { PrivacyPolicyPage } from './PrivacyPolicyPage';
import { PrivacyPolicyQuery } from './operations';

const promise = (id: string, policy: string, plainLanguage: string, kind: 'SOFTWARE' | 'PEOPLE', setting: string | null = null) => ({
  __typename: 'PrivacyPromiseType' as const,
  id,
  policy,
  source: `${policy} §x`,
  plainLanguage,
  kind,
  setting,
});

const policyData = (resultsStored: boolean) => ({
  __typename: 'Query' as const,
  privacyPolicy: {
    __typename: 'PrivacyPolicyType' as const,
    policies: [
      { __typename: 'PrivacyPolicyDocument' as const, code: '001', title: 'Computer-vision API policy' },
      { __typename: 'PrivacyPolicyDocument' as const, code: '000', title: 'Image service policy' },
    ],
    promises: [
      promise('001-1.4-token-limit', '001', 'You can have at most 10 active API tokens.', 'SOFTWARE'),
      promise('001-3-no-sale', '001', 'We never sell or trade your personal information.', 'PEOPLE'),
      promise('000-3-outputs-per-plan', '000', 'Results are kept per plan.', 'SOFTWARE', 'STORE_RESULTS'),
    ],
    settings: {
      __typename: 'LivePrivacySettingsType' as const,
      sessionMaxAgeDays: 7,
      signupBonusCredits: 50,
      accessLogRetentionDays: 90,
      paymentRetentionYears: 7,
      resultsStored,
      originalRetentionDays: 30,
      outputRetention: [
        { __typename: 'PlanRetention' as const, plan: 'FREE' as const, days: 30 },
        { __typename: 'PlanRetention' as const, plan: 'STARTER' as const, days: 90 },
        { __typename: 'PlanRetention' as const, plan: 'PRO' as const, days: null },
      ],
      imageProviders: [
        { __typename: 'ImageRecipient' as const, feature: 'PLACES_CLASSIFICATION' as const, provider: 'SENTISIGHT' as const, leavesServer: true },
        { __typename: 'ImageRecipient' as const, feature: 'FACE_DETECTION' as const, provider: 'LOCAL' as const, leavesServer: false },
        { __typename: 'ImageRecipient' as const, feature: 'IMAGE_GENERATION' as const, provider: null, leavesServer: false },
      ],
      marketingOptIn: true,
      mailDelivery: 'OUTBOX' as const,
    },
  },
});

const mocks = (resultsStored: boolean): Mock[] => [{ request: { query: PrivacyPolicyQuery }, result: { data: policyData(resultsStored) } }];

describe('privacy policy page', () => {
  it('groups the plain-language promises by policy and shows the live settings', async () => {
    renderWithApollo(<PrivacyPolicyPage />, { mocks: mocks(false) });
    const api = await screen.findByRole('region', { name: 'Computer-vision API policy' });
    expect(within(api).getByTestId('promise-001-1.4-token-limit')).toHaveTextContent('at most 10 active API tokens');
    expect(within(api).getByTestId('promise-001-1.4-token-limit')).toHaveTextContent('checked by a test');
    expect(within(api).getByTestId('promise-001-3-no-sale')).toHaveTextContent('kept by our staff');
    const image = screen.getByRole('region', { name: 'Image service policy' });
    expect(within(image).getByTestId('promise-000-3-outputs-per-plan')).toHaveTextContent('setting STORE_RESULTS');
    expect(within(image).queryByTestId('promise-001-1.4-token-limit')).toBeNull();

    const settings = screen.getByTestId('privacy-settings');
    expect(within(settings).getByRole('row', { name: /Server logs are deleted after/ })).toHaveTextContent('90 days');
    expect(within(settings).getByRole('row', { name: /Uploaded images and results/ })).toHaveTextContent('Not stored');
    expect(within(settings).getByRole('row', { name: /Marketing e-mail/ })).toHaveTextContent('Only if you turn it on');
    const recipients = screen.getByTestId('image-recipients');
    expect(within(recipients).getByRole('row', { name: /Places classification/i })).toHaveTextContent('SentiSight.ai');
    expect(within(recipients).getByRole('row', { name: /Face detection/i })).toHaveTextContent('nothing leaves it');
    expect(within(recipients).queryByText(/Image generation/i)).toBeNull();
  });

  it('lists the retention per plan when this deployment stores results', async () => {
    renderWithApollo(<PrivacyPolicyPage />, { mocks: mocks(true) });
    const row = await screen.findByRole('row', { name: /Uploaded images and results/ });
    expect(row).toHaveTextContent('originals 30 days');
    expect(row).toHaveTextContent('Pro until you delete them');
  });
});
