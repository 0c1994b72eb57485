import { useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { ErrorNotice } from '../../design/ErrorNotice';
import { Loading } from '../../design/Feedback';
import type { FeaturesQuery } from '../../gql/graphql';
import { featureLabel } from '../../lib/features';
import { FeaturesQuery as FeaturesDocument } from './operations';

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

/**
 * The features a page offers (`imagesOnly`: those that take an image) and the one chosen: the first available
 * image feature once the list arrives, then whatever the user picks (`setSelected`).
 */
export function useFeatureChoice({ imagesOnly }: { imagesOnly: boolean }) {
  const { data, loading, error } = useQuery(FeaturesDocument);
  const features = useMemo(() => (data?.features ?? []).filter((feature) => !imagesOnly || feature.input === 'IMAGE'), [data, imagesOnly]);
  const [chosen, setSelected] = useState<string | null>(null);
  // Until the user picks one, the first available image feature: chosen in the same render as the
  // list arrives, so the list never shows with nothing selected.
  const selected = chosen ?? features.find((feature) => feature.available && feature.input === 'IMAGE')?.name ?? null;
  const feature = features.find((item) => item.name === selected) ?? null;
  return { features, loading: loading && !data, error, selected, setSelected, feature };
}

export type FeatureChoice = ReturnType<typeof useFeatureChoice>;

/** A page's feature choice: why the list did not load, that it is loading, or the picker. */
export function FeatureChoiceField({ choice, onSelect }: { choice: FeatureChoice; onSelect: (name: string) => void }) {
  return (
    <>
      {choice.error && <ErrorNotice error={choice.error} />}
      {choice.loading && <Loading label="Loading features…" />}
      {choice.features.length > 0 && <FeaturePicker features={choice.features} selected={choice.selected} onSelect={onSelect} />}
    </>
  );
}
