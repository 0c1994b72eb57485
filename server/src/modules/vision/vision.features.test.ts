import { signUp, signUpAdmin, useTestServer } from '../../test/harness';
import { sentiSightEnv, useFakeSentiSight } from './testing/fake-sentisight';
import { fixtureImage } from './testing/fixtures';
import { FEATURES, GENERATE, analyzeUpload, analyzed, consumptionsOf, errorOf } from './testing/vision-api';

const SET_PRICE = `mutation SetPrice($input: SetFeaturePriceInput!) { setFeaturePrice(input: $input) { name credits } }`;

type FeatureRow = { name: string; description: string; credits: number; input: string; provider: string | null; available: boolean; unavailableReason: string | null };

describe('the feature catalogue', () => {
  const sentisight = useFakeSentiSight();
  // SentiSight configured, fal not, VISION_PROVIDERS unset: every route is the default one.
  const server = useTestServer(() => ({ env: { SIGNUP_RATE_LIMIT: '1000', ...sentiSightEnv(sentisight) } }));

  const features = async () => {
    const { features } = await server.client().ok<{ features: FeatureRow[] }>(FEATURES);
    return new Map(features.map((f) => [f.name, f]));
  };

  it('is public and lists every feature with its seeded price, provider and availability', async () => {
    const { features: list } = await server.client().ok<{ features: FeatureRow[] }>(FEATURES);
    expect(list.map((f) => [f.name, f.credits])).toEqual([
      ['GENERAL_CLASSIFICATION', 1],
      ['PLACES_CLASSIFICATION', 1],
      ['NSFW_CLASSIFICATION', 1],
      ['OBJECT_DETECTION', 2],
      ['INSTANCE_SEGMENTATION', 3],
      ['TEXT_RECOGNITION', 2],
      ['POSE_ESTIMATION', 2],
      ['BACKGROUND_REMOVAL', 3],
      ['IMAGE_GENERATION', 5],
      ['FACE_DETECTION', 1],
    ]);
    const byName = new Map(list.map((f) => [f.name, f]));
    // Local where local can serve…
    expect(byName.get('FACE_DETECTION')).toMatchObject({ provider: 'LOCAL', available: true, input: 'IMAGE', unavailableReason: null });
    expect(byName.get('GENERAL_CLASSIFICATION')!.description).toMatch(/aggregated from the CenterNet COCO object detector/);
    // …else the configured remote…
    expect(byName.get('PLACES_CLASSIFICATION')).toMatchObject({ provider: 'SENTISIGHT', available: true });
    // …else unavailable, saying why.
    expect(byName.get('IMAGE_GENERATION')).toMatchObject({ provider: null, available: false, input: 'PROMPT' });
    expect(byName.get('IMAGE_GENERATION')!.unavailableReason).toMatch(/FAL_KEY/);
  });

  it('refuses an unavailable feature with FEATURE_UNAVAILABLE, charging nothing', async () => {
    const client = server.client();
    const user = await signUp(client);
    const error = errorOf(await client.request(GENERATE, { prompt: 'a cat' }));
    expect(error.extensions).toMatchObject({ code: 'FEATURE_UNAVAILABLE', feature: 'IMAGE_GENERATION' });
    expect(error.message).toMatch(/FAL_KEY/);
    expect(await consumptionsOf(server.dataSource, user.id)).toEqual([]);
  });

  it('lets administrators change a price, which the next call charges', async () => {
    const userClient = server.client();
    await signUp(userClient);
    expect(errorOf(await userClient.request(SET_PRICE, { input: { feature: 'PLACES_CLASSIFICATION', credits: 4 } })).extensions.code).toBe('FORBIDDEN');

    const adminClient = server.client();
    const admin = await signUpAdmin(server, adminClient);
    expect(errorOf(await adminClient.request(SET_PRICE, { input: { feature: 'PLACES_CLASSIFICATION', credits: 0 } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'credits',
    });
    const { setFeaturePrice } = await adminClient.ok(SET_PRICE, { input: { feature: 'PLACES_CLASSIFICATION', credits: 4 } });
    expect(setFeaturePrice).toEqual({ name: 'PLACES_CLASSIFICATION', credits: 4 });
    expect((await features()).get('PLACES_CLASSIFICATION')!.credits).toBe(4);
    const [row] = await server.dataSource.query(`SELECT credits, updated_by FROM feature_prices WHERE feature = 'PLACES_CLASSIFICATION'`);
    expect(row).toEqual({ credits: 4, updated_by: admin.id });

    const result = await analyzed(userClient, 'PLACES_CLASSIFICATION', fixtureImage('astronaut.png'));
    expect(result).toMatchObject({ creditsCharged: 4, balance: 46 });
    await adminClient.ok(SET_PRICE, { input: { feature: 'PLACES_CLASSIFICATION', credits: 1 } });
  });
});

describe('the feature catalogue without any provider keys', () => {
  const server = useTestServer({ env: { SIGNUP_RATE_LIMIT: '1000' } });

  it('marks the remote-only features unavailable, naming the missing setting', async () => {
    const { features } = await server.client().ok<{ features: FeatureRow[] }>(FEATURES);
    const places = features.find((f) => f.name === 'PLACES_CLASSIFICATION')!;
    expect(places).toMatchObject({ available: false, provider: null });
    expect(places.unavailableReason).toMatch(/SENTISIGHT_TOKEN/);
    const client = server.client();
    await signUp(client);
    expect(errorOf(await analyzeUpload(client, 'PLACES_CLASSIFICATION', fixtureImage('astronaut.png'))).extensions.code).toBe('FEATURE_UNAVAILABLE');
  });
});
