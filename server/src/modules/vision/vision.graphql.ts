import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { graphqlEnum, type EnumValue } from '../../graphql/enums';
import { User } from '../users';
import type { FeatureInfo } from './features.service';
import type { AnalysisOutcome } from './vision.service';
import { VisionFeature } from './vision.types';

/** GraphQL shapes of the vision API; the service's plain objects are converted in one place. */

registerEnumType(VisionFeature, { name: 'VisionFeature', description: 'What to do with an image (or, for IMAGE_GENERATION, a prompt)' });

export enum VisionProviderName {
  LOCAL = 'local',
  SENTISIGHT = 'sentisight',
  FAL = 'fal',
}
registerEnumType(VisionProviderName, {
  name: 'VisionProviderName',
  description: 'LOCAL runs on this server’s CPU; SENTISIGHT and FAL send the image to that service',
});

export const FeatureInputKind = graphqlEnum('FeatureInputKind', ['IMAGE', 'PROMPT']);
export type FeatureInputKind = EnumValue<typeof FeatureInputKind>;

@ObjectType('Feature', { description: 'A vision feature with its price and whether this server can serve it now' })
export class FeatureType {
  @Field(() => VisionFeature)
  name: VisionFeature;

  @Field()
  description: string;

  @Field(() => Int, { description: 'Credits charged per successful call (refunded when the provider fails)' })
  credits: number;

  @Field(() => FeatureInputKind, { description: 'IMAGE: analyzeImage/analyzeImageUrl; PROMPT: generateImage' })
  input: FeatureInputKind;

  @Field(() => VisionProviderName, { nullable: true, description: 'The provider serving it; null when none can' })
  provider: VisionProviderName | null;

  @Field()
  available: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is unavailable (missing key, no local model)' })
  unavailableReason: string | null;

  static from(info: FeatureInfo): FeatureType {
    return Object.assign(new FeatureType(), {
      ...info,
      input: info.input as FeatureInputKind,
      provider: info.provider as VisionProviderName | null,
    });
  }
}

@ObjectType({ description: 'Label with a score 0..1' })
export class ScoredLabel {
  @Field()
  label: string;

  @Field(() => Float)
  score: number;
}

@ObjectType({ description: 'Point in pixels of the submitted image' })
export class ImagePoint {
  @Field(() => Float)
  x: number;

  @Field(() => Float)
  y: number;
}

@ObjectType({ description: 'Rectangle in pixels of the submitted image, top-left origin' })
export class BoundingBox extends ImagePoint {
  @Field(() => Float)
  width: number;

  @Field(() => Float)
  height: number;
}

@ObjectType()
export class DetectedObject extends ScoredLabel {
  @Field(() => BoundingBox)
  box: BoundingBox;
}

@ObjectType()
export class SegmentedInstance extends DetectedObject {
  @Field(() => String, {
    nullable: true,
    description: 'Base64 PNG, greyscale, the submitted image’s size: white where the instance is. Null in replays (not stored).',
  })
  mask: string | null;
}

@ObjectType()
export class RecognizedText {
  @Field()
  text: string;

  @Field(() => Float)
  score: number;

  @Field(() => [ImagePoint], { description: 'Outline of the text, in pixels' })
  polygon: ImagePoint[];
}

@ObjectType()
export class Keypoint extends ImagePoint {
  @Field({ description: 'e.g. nose, leftShoulder, rightEye' })
  name: string;

  @Field(() => Float)
  score: number;
}

@ObjectType()
export class Pose {
  @Field(() => Float)
  score: number;

  @Field(() => [Keypoint])
  keypoints: Keypoint[];
}

@ObjectType()
export class Face {
  @Field(() => Float)
  score: number;

  @Field(() => BoundingBox)
  box: BoundingBox;

  @Field(() => [Keypoint])
  landmarks: Keypoint[];
}

@ObjectType({ description: 'A produced image: a cut-out (transparent background) or a generation' })
export class ResultImage {
  @Field(() => String, { nullable: true, description: 'Base64 PNG; null in replays (not stored unless STORE_RESULTS=true)' })
  png: string | null;

  @Field(() => Int)
  width: number;

  @Field(() => Int)
  height: number;
}

@ObjectType({ description: 'One paid call: what it cost and what it found; only the fields of its feature are set' })
export class AnalysisResult {
  @Field(() => ID, { description: 'The consumption log entry of this call' })
  consumptionId: string;

  @Field(() => Int)
  creditsCharged: number;

  @Field(() => Int, { description: 'The caller’s credit balance after this call' })
  balance: number;

  @Field(() => User, { nullable: true, description: 'The caller (id, credits) so a normalised client cache updates the balance' })
  viewer: User | null;

  @Field(() => Int, { description: 'Time the provider took, in ms' })
  durationMs: number;

  @Field(() => VisionProviderName)
  provider: VisionProviderName;

  @Field(() => VisionFeature)
  feature: VisionFeature;

  @Field({ description: 'True when this answers a retried idempotency key: nothing was charged again' })
  replayed: boolean;

  @Field(() => [ScoredLabel], { nullable: true })
  labels?: ScoredLabel[];

  @Field(() => [DetectedObject], { nullable: true })
  objects?: DetectedObject[];

  @Field(() => [SegmentedInstance], { nullable: true })
  instances?: SegmentedInstance[];

  @Field(() => [RecognizedText], { nullable: true })
  texts?: RecognizedText[];

  @Field(() => [Pose], { nullable: true })
  poses?: Pose[];

  @Field(() => [Face], { nullable: true })
  faces?: Face[];

  @Field(() => ResultImage, { nullable: true })
  image?: ResultImage;

  static from(outcome: AnalysisOutcome): AnalysisResult {
    const { result } = outcome;
    return Object.assign(new AnalysisResult(), {
      consumptionId: outcome.consumptionId,
      creditsCharged: outcome.creditsCharged,
      balance: outcome.balance,
      viewer: outcome.viewer,
      durationMs: outcome.durationMs,
      provider: outcome.provider as VisionProviderName,
      feature: outcome.feature,
      replayed: outcome.replayed,
      labels: result.labels,
      objects: result.objects,
      instances: result.instances?.map(({ maskPng, ...rest }) => ({ ...rest, mask: maskPng })),
      texts: result.texts,
      poses: result.poses,
      faces: result.faces,
      image: result.image && { png: result.image.pngBase64, width: result.image.width, height: result.image.height },
    });
  }
}
