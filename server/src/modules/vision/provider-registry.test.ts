import { ProviderRegistry, parseProviderAssignments } from './provider-registry';
import { ScriptedProvider } from './testing/scripted-provider';
import { VisionFeature } from './vision.types';

const noop = async () => ({});

describe('parseProviderAssignments (VISION_PROVIDERS)', () => {
  it('reads FEATURE=provider pairs, tolerant of spaces and case', () => {
    const parsed = parseProviderAssignments(' BACKGROUND_REMOVAL=local, places_classification = SentiSight ,IMAGE_GENERATION=fal,');
    expect([...parsed]).toEqual([
      [VisionFeature.BACKGROUND_REMOVAL, 'local'],
      [VisionFeature.PLACES_CLASSIFICATION, 'sentisight'],
      [VisionFeature.IMAGE_GENERATION, 'fal'],
    ]);
    expect(parseProviderAssignments('').size).toBe(0);
  });

  it.each([
    ['BACKGROUND_REMOVAL', /is not FEATURE=provider/],
    ['BACKGROUND_REMOVAL=local=fal', /is not FEATURE=provider/],
    ['FACE_SWAP=local', /unknown feature "FACE_SWAP"/],
    ['OBJECT_DETECTION=google', /unknown provider "google"/],
    ['OBJECT_DETECTION=local,OBJECT_DETECTION=sentisight', /assigned twice/],
  ])('refuses %s so a typo stops the server at start', (spec, message) => {
    expect(() => parseProviderAssignments(spec)).toThrow(message);
  });
});

describe('ProviderRegistry', () => {
  const local = new ScriptedProvider('local', noop, [VisionFeature.OBJECT_DETECTION]);
  const sentisight = new ScriptedProvider('sentisight', noop, [VisionFeature.OBJECT_DETECTION, VisionFeature.PLACES_CLASSIFICATION]);
  const fal = new ScriptedProvider('fal', noop, [VisionFeature.PLACES_CLASSIFICATION, VisionFeature.IMAGE_GENERATION]);

  it('defaults to local where local can serve, else the first configured remote', () => {
    const registry = new ProviderRegistry([fal, sentisight, local], '');
    expect(registry.route(VisionFeature.OBJECT_DETECTION).provider).toBe(local);
    expect(registry.route(VisionFeature.PLACES_CLASSIFICATION).provider).toBe(sentisight);
    expect(registry.route(VisionFeature.IMAGE_GENERATION).provider).toBe(fal);
  });

  it('follows VISION_PROVIDERS, and says why when the named provider cannot serve', () => {
    const registry = new ProviderRegistry([local, sentisight, fal], 'OBJECT_DETECTION=sentisight,IMAGE_GENERATION=sentisight');
    expect(registry.route(VisionFeature.OBJECT_DETECTION).provider).toBe(sentisight);
    // No silent fallback to fal: the operator asked for SentiSight.
    expect(registry.route(VisionFeature.IMAGE_GENERATION)).toEqual({
      feature: VisionFeature.IMAGE_GENERATION,
      provider: null,
      availability: { available: false, reason: 'scripted provider does not serve IMAGE_GENERATION' },
    });
  });

  it('collects every provider’s reason when none can serve', () => {
    const registry = new ProviderRegistry([local, sentisight], '');
    const route = registry.route(VisionFeature.FACE_DETECTION);
    expect(route.provider).toBeNull();
    expect(route.availability).toEqual({
      available: false,
      reason: 'scripted provider does not serve FACE_DETECTION; scripted provider does not serve FACE_DETECTION',
    });
  });
});
