import type { FeaturesQuery } from '../../gql/graphql';
import { featureLabel } from '../../lib/features';

export type FeatureInfo = FeaturesQuery['features'][number];

/**
 * Compact radio list of features with their price; unavailable ones cannot be picked. The chosen
 * feature's description (or why it is unavailable) is shown under the list.
 */
export function FeaturePicker({ features, selected, onSelect }: { features: FeatureInfo[]; selected: string | null; onSelect: (name: string) => void }) {
  const chosen = features.find((feature) => feature.name === selected);
  return (
    <fieldset style={{ border: 0, padding: 0 }}>
      <legend className="field__label" style={{ padding: 0, marginBottom: 8 }}>
        Feature
      </legend>
      <div className="feature-list">
        {features.map((feature) => (
          <label
            key={feature.name}
            className={feature.available ? 'feature-option' : 'feature-option feature-option--unavailable'}
            title={feature.available ? feature.description : `Unavailable: ${feature.unavailableReason ?? 'no provider configured'}`}
          >
            <input type="radio" name="feature" value={feature.name} checked={selected === feature.name} disabled={!feature.available} onChange={() => onSelect(feature.name)} />
            <span>
              {featureLabel(feature.name)}
              {!feature.available && <span className="small muted"> · unavailable</span>}
            </span>
            <span className="feature-option__price">
              {feature.credits} {feature.credits === 1 ? 'credit' : 'credits'}
            </span>
          </label>
        ))}
      </div>
      {chosen && (
        <p className="small muted" style={{ margin: '8px 0 0' }} data-testid="feature-description">
          {chosen.description}
          {chosen.provider && <> · provider: {chosen.provider.toLowerCase()}</>}
        </p>
      )}
      {features.some((feature) => !feature.available) && (
        <details className="small muted" style={{ marginTop: 4 }}>
          <summary>Why are some features unavailable?</summary>
          <ul>
            {features
              .filter((feature) => !feature.available)
              .map((feature) => (
                <li key={feature.name}>
                  <strong>{featureLabel(feature.name)}</strong>: {feature.unavailableReason ?? 'no provider configured'}
                </li>
              ))}
          </ul>
        </details>
      )}
    </fieldset>
  );
}
