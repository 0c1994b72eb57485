import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Plan } from '../users';
import { VisionFeature, VisionProviderName } from '../vision';

export enum PromiseKind {
  SOFTWARE = 'software',
  PEOPLE = 'people',
}
registerEnumType(PromiseKind, { name: 'PromiseKind', description: 'SOFTWARE: kept by the code and proven by a test; PEOPLE: kept by the operator' });

export enum MailDelivery {
  SMTP = 'SMTP',
  OUTBOX = 'OUTBOX',
}
registerEnumType(MailDelivery, { name: 'MailDelivery', description: 'SMTP: mail is sent; OUTBOX: kept in the database (no mail server configured)' });

@ObjectType({ description: 'One privacy policy this service follows' })
export class PrivacyPolicyDocument {
  @Field({ description: '000 or 001' })
  code: string;

  @Field()
  title: string;
}

@ObjectType({ description: 'One promise of a privacy policy' })
export class PrivacyPromiseType {
  @Field({ description: 'Stable id, e.g. 001-1.4-token-limit' })
  id: string;

  @Field({ description: 'The policy code, 000 or 001' })
  policy: string;

  @Field({ description: 'Policy and clause, e.g. 001 §1.4' })
  source: string;

  @Field({ description: 'The promise as the policy words it' })
  text: string;

  @Field({ description: 'What it means for a user, in one sentence' })
  plainLanguage: string;

  @Field(() => PromiseKind)
  kind: PromiseKind;

  @Field(() => String, { nullable: true, description: 'The environment variable that controls it, if any' })
  setting: string | null;
}

@ObjectType()
export class PlanRetention {
  @Field(() => Plan)
  plan: Plan;

  @Field(() => Int, { nullable: true, description: 'Days a stored output is kept; null = until the user deletes it' })
  days: number | null;
}

@ObjectType({ description: 'Who receives the image (or prompt) of a feature' })
export class ImageRecipient {
  @Field(() => VisionFeature)
  feature: VisionFeature;

  @Field(() => VisionProviderName, { nullable: true, description: 'null when no provider can serve it' })
  provider: VisionProviderName | null;

  @Field({ description: 'True when the image is sent to another company' })
  leavesServer: boolean;
}

@ObjectType({ description: 'The privacy-relevant settings this deployment runs with' })
export class LivePrivacySettingsType {
  @Field(() => Int)
  sessionMaxAgeDays: number;

  @Field(() => Int)
  signupBonusCredits: number;

  @Field(() => Int)
  accessLogRetentionDays: number;

  @Field(() => Int)
  paymentRetentionYears: number;

  @Field({ description: 'Whether uploads and results are kept (STORE_RESULTS)' })
  resultsStored: boolean;

  @Field(() => Int, { description: 'Days a stored original is kept (when results are stored)' })
  originalRetentionDays: number;

  @Field(() => [PlanRetention])
  outputRetention: PlanRetention[];

  @Field(() => [ImageRecipient])
  imageProviders: ImageRecipient[];

  @Field({ description: 'Marketing mail only after the user turns it on' })
  marketingOptIn: boolean;

  @Field(() => MailDelivery)
  mailDelivery: MailDelivery;
}

@ObjectType({ description: 'The privacy promises and the live settings of this deployment (public)' })
export class PrivacyPolicyType {
  @Field(() => [PrivacyPolicyDocument])
  policies: PrivacyPolicyDocument[];

  @Field(() => [PrivacyPromiseType])
  promises: PrivacyPromiseType[];

  @Field(() => LivePrivacySettingsType)
  settings: LivePrivacySettingsType;
}
