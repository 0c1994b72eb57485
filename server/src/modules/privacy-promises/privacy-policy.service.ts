import type { DataSource } from 'typeorm';
import type { Config } from '../../core/config';
import { RETENTION } from '../retention';
import { ORIGINAL_RETENTION_DAYS, OUTPUT_RETENTION_DAYS } from '../stored-results';
import { Plan, User } from '../users';
import type { FeatureCatalogueService, ProviderName, VisionFeature } from '../vision';
import { PROMISES, PolicyCode, POLICIES, PrivacyPromise, policyOf } from './promises';

export interface LivePrivacySettings {
  sessionMaxAgeDays: number;
  signupBonusCredits: number;
  accessLogRetentionDays: number;
  paymentRetentionYears: number;
  resultsStored: boolean;
  originalRetentionDays: number;
  /** days null = kept until the user deletes them. */
  outputRetention: Array<{ plan: Plan; days: number | null }>;
  /** Where each feature's image (or prompt) goes; 'local' never leaves this server. */
  imageProviders: Array<{ feature: VisionFeature; provider: ProviderName | null; leavesServer: boolean }>;
  marketingOptIn: boolean;
  mailDelivery: 'SMTP' | 'OUTBOX';
}

export interface PrivacyPolicyView {
  policies: Array<{ code: PolicyCode; title: string }>;
  promises: Array<PrivacyPromise & { policy: PolicyCode }>;
  settings: LivePrivacySettings;
}

/** The promise catalogue together with the settings this deployment actually runs with. */
export class PrivacyPolicyService {
  constructor(
    private readonly config: Config,
    private readonly dataSource: DataSource,
    private readonly visionFeatures: Pick<FeatureCatalogueService, 'list'>,
  ) {}

  async view(): Promise<PrivacyPolicyView> {
    return {
      policies: (Object.keys(POLICIES) as PolicyCode[]).map((code) => ({ code, title: POLICIES[code] })),
      promises: PROMISES.map((p) => ({ ...p, policy: policyOf(p) })),
      settings: await this.settings(),
    };
  }

  async settings(): Promise<LivePrivacySettings> {
    const { config, dataSource, visionFeatures } = this;
    // Read from the entity, so the page follows the column default rather than restating it.
    const marketingDefault = dataSource.getMetadata(User).findColumnWithPropertyName('notifyMarketing')?.default;
    const features = await visionFeatures.list();
    return {
      sessionMaxAgeDays: config.sessionMaxAgeSeconds / (24 * 60 * 60),
      signupBonusCredits: config.signupBonusCredits,
      accessLogRetentionDays: RETENTION.accessLogsDays,
      paymentRetentionYears: RETENTION.paymentsYears,
      resultsStored: config.storedResults.enabled,
      originalRetentionDays: ORIGINAL_RETENTION_DAYS,
      outputRetention: Object.values(Plan).map((plan) => ({ plan, days: OUTPUT_RETENTION_DAYS[plan] })),
      imageProviders: features.map((f) => ({ feature: f.name, provider: f.provider, leavesServer: f.provider !== null && f.provider !== 'local' })),
      marketingOptIn: marketingDefault === false,
      mailDelivery: config.mail.smtpUrl ? 'SMTP' : 'OUTBOX',
    };
  }
}
