import { Availability, ProviderName, VisionFeature, VisionProvider } from './vision.types';

const PROVIDER_NAMES: readonly ProviderName[] = ['local', 'sentisight', 'fal'];
/** Fallback order when local cannot serve a feature and VISION_PROVIDERS names nothing. */
const REMOTE_ORDER: readonly ProviderName[] = ['sentisight', 'fal'];

export interface FeatureRoute {
  feature: VisionFeature;
  /** The provider that serves the feature now; null when none can. */
  provider: VisionProvider | null;
  availability: Availability;
}

/**
 * Parses VISION_PROVIDERS ("FEATURE=provider,…"). A typo must stop the server at start rather
 * than silently route a feature elsewhere, so unknown names throw.
 */
export function parseProviderAssignments(spec: string): Map<VisionFeature, ProviderName> {
  const assignments = new Map<VisionFeature, ProviderName>();
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [rawFeature, rawProvider, ...rest] = part.split('=').map((p) => p.trim());
    const feature = rawFeature?.toUpperCase() as VisionFeature;
    const provider = rawProvider?.toLowerCase() as ProviderName;
    if (rest.length || !rawProvider) throw new Error(`VISION_PROVIDERS: "${part}" is not FEATURE=provider`);
    if (!Object.values(VisionFeature).includes(feature)) {
      throw new Error(`VISION_PROVIDERS: unknown feature "${rawFeature}" (one of ${Object.values(VisionFeature).join(', ')})`);
    }
    if (!PROVIDER_NAMES.includes(provider)) {
      throw new Error(`VISION_PROVIDERS: unknown provider "${rawProvider}" (one of ${PROVIDER_NAMES.join(', ')})`);
    }
    if (assignments.has(feature)) throw new Error(`VISION_PROVIDERS: ${feature} is assigned twice`);
    assignments.set(feature, provider);
  }
  return assignments;
}

/**
 * Decides which provider serves each feature: the one VISION_PROVIDERS names, else local when it
 * can, else the first configured remote. Availability is asked at call time, so a provider that
 * loses its configuration or model shows up as unavailable with its own reason.
 */
export class ProviderRegistry {
  private readonly providers = new Map<ProviderName, VisionProvider>();
  private readonly assignments: Map<VisionFeature, ProviderName>;

  constructor(providers: VisionProvider[], assignmentSpec: string) {
    for (const provider of providers) this.use(provider);
    this.assignments = parseProviderAssignments(assignmentSpec);
  }

  /** Adds or replaces the provider of that name. */
  use(provider: VisionProvider): void {
    this.providers.set(provider.name, provider);
  }

  /** Routes a feature to a named provider (what VISION_PROVIDERS does at start). */
  assign(feature: VisionFeature, provider: ProviderName): void {
    this.assignments.set(feature, provider);
  }

  provider(name: ProviderName): VisionProvider | undefined {
    return this.providers.get(name);
  }

  /** Stops providers that hold resources (the local model workers). */
  async close(): Promise<void> {
    await Promise.all([...this.providers.values()].map((provider) => (provider as { close?: () => Promise<void> }).close?.()));
  }

  route(feature: VisionFeature): FeatureRoute {
    const assigned = this.assignments.get(feature);
    if (assigned) {
      const provider = this.providers.get(assigned);
      if (!provider) {
        return { feature, provider: null, availability: { available: false, reason: `The ${assigned} provider is not installed` } };
      }
      const availability = provider.availability(feature);
      return { feature, provider: availability.available ? provider : null, availability };
    }
    const reasons: string[] = [];
    for (const name of ['local', ...REMOTE_ORDER] as ProviderName[]) {
      const provider = this.providers.get(name);
      if (!provider) continue;
      const availability = provider.availability(feature);
      if (availability.available) return { feature, provider, availability };
      reasons.push(availability.reason);
    }
    return {
      feature,
      provider: null,
      availability: { available: false, reason: reasons.length ? reasons.join('; ') : 'No provider is installed' },
    };
  }
}
