import { DataSource, EntityManager } from 'typeorm';
import { FEATURES, FeatureInput, featureDefinition } from './feature-catalogue';
import { FeaturePrice } from './feature-price.entity';
import { ProviderRegistry } from './provider-registry';
import { ProviderName, VisionFeature } from './vision.types';

export interface FeatureInfo {
  name: VisionFeature;
  input: FeatureInput;
  description: string;
  credits: number;
  provider: ProviderName | null;
  available: boolean;
  unavailableReason: string | null;
}

/** Descriptions a provider gives of its own way of serving a feature (e.g. local classification). */
export type ProviderDescriptions = Partial<Record<ProviderName, Partial<Record<VisionFeature, string>>>>;

/** The catalogue: prices from the database, provider and availability from the registry. */
export class FeatureCatalogueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ProviderRegistry,
    private readonly providerDescriptions: ProviderDescriptions = {},
  ) {}

  async list(): Promise<FeatureInfo[]> {
    const prices = await this.dataSource.getRepository(FeaturePrice).find();
    const byFeature = new Map(prices.map((price) => [price.feature, price.credits]));
    return FEATURES.map(({ feature }) => this.describe(feature, byFeature.get(feature)));
  }

  async get(feature: VisionFeature): Promise<FeatureInfo> {
    return this.describe(feature, await this.price(feature));
  }

  /** The current price; every feature has a row (seeded), a missing one is a broken install. */
  async price(feature: VisionFeature): Promise<number> {
    const row = await this.dataSource.getRepository(FeaturePrice).findOneBy({ feature });
    if (!row) throw new Error(`feature_prices has no row for ${feature}`);
    return row.credits;
  }

  /** Sets a price; returns the price it replaced (null when the feature had none). */
  async setPrice(adminId: string, feature: VisionFeature, credits: number, manager: EntityManager = this.dataSource.manager): Promise<{ before: number | null; after: FeatureInfo }> {
    const [previous] = await manager.query(`SELECT credits FROM feature_prices WHERE feature = $1 FOR UPDATE`, [feature]);
    await manager.query(
      `INSERT INTO feature_prices (feature, credits, updated_at, updated_by) VALUES ($1, $2, now(), $3)
       ON CONFLICT (feature) DO UPDATE SET credits = EXCLUDED.credits, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [feature, credits, adminId],
    );
    return { before: previous?.credits ?? null, after: this.describe(feature, credits) };
  }

  private describe(feature: VisionFeature, credits: number | undefined): FeatureInfo {
    if (credits === undefined) throw new Error(`feature_prices has no row for ${feature}`);
    const definition = featureDefinition(feature);
    const route = this.registry.route(feature);
    const provider = route.provider?.name ?? null;
    return {
      name: feature,
      input: definition.input,
      description: (provider && this.providerDescriptions[provider]?.[feature]) || definition.description,
      credits,
      provider,
      available: route.availability.available,
      unavailableReason: route.availability.available ? null : route.availability.reason,
    };
  }
}
