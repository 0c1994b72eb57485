import { IsOptional, Length, Matches, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { PageArgsOf } from '../../graphql/pagination';
import { AnalysisOptionsInput, UploadScalar, VisionFeature, WithGenerationArgs, type InMemoryUpload } from '../vision';
import { JobStatus } from './jobs.graphql';

@ArgsType()
class SubmitArgs {
  @Field(() => String, { nullable: true, description: 'Retrying with the same key within 24 h returns the same job(s) without charging again' })
  @IsOptional()
  @Length(1, 255)
  @Matches(/^[\x21-\x7e]+$/, { message: 'idempotencyKey must be visible ASCII characters' })
  idempotencyKey?: string | null;

  @Field(() => String, { nullable: true, description: 'A public http(s) URL that receives the job’s events (Standard Webhooks)' })
  @IsOptional()
  @Length(1, 2048)
  webhookUrl?: string | null;
}

@ArgsType()
export class SubmitAnalysisArgs extends SubmitArgs {
  @Field(() => VisionFeature)
  feature: VisionFeature;

  @Field(() => UploadScalar, { nullable: true, description: 'The image file (multipart request); exactly one of image and url' })
  image?: Promise<InMemoryUpload> | null;

  @Field(() => String, { nullable: true, description: 'A public http(s) URL of the image; only the URL is kept until the job runs' })
  url?: string | null;

  @Field(() => AnalysisOptionsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  options?: AnalysisOptionsInput | null;
}

@ArgsType()
export class SubmitAnalysesArgs extends SubmitArgs {
  @Field(() => VisionFeature)
  feature: VisionFeature;

  @Field(() => [UploadScalar], { nullable: true, description: 'Up to 50 image files (with urls: 50 items in all), one job each' })
  images?: Array<Promise<InMemoryUpload>> | null;

  @Field(() => [String], { nullable: true })
  urls?: string[] | null;

  @Field(() => AnalysisOptionsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  options?: AnalysisOptionsInput | null;
}

@ArgsType()
export class SubmitGenerationArgs extends WithGenerationArgs(SubmitArgs) {}

@ArgsType()
export class JobsArgs extends PageArgsOf(20, 100) {
  @Field(() => JobStatus, { nullable: true })
  status?: JobStatus | null;

  @Field(() => ID, { nullable: true })
  batchId?: string | null;
}
