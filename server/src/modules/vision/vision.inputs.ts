import { IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, ClassType, Field, Float, InputType, Int } from 'type-graphql';
import { InMemoryUpload, UploadScalar } from './intake/multipart-in-memory';
import { VisionFeature } from './vision.types';

@InputType({ description: 'Filters applied to every provider’s results' })
export class AnalysisOptionsInput {
  @Field(() => Float, { nullable: true, description: 'Drop results scoring below this (0..1)' })
  @IsOptional()
  @Min(0)
  @Max(1)
  minScore?: number;

  @Field(() => Int, { nullable: true, description: 'Keep at most this many results (the best ones)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxResults?: number;
}

@InputType()
export class GenerationOptionsInput {
  @Field(() => Int, { nullable: true, description: 'Pixels, 256–1536 (default 1024)' })
  @IsOptional()
  @IsInt()
  @Min(256)
  @Max(1536)
  width?: number;

  @Field(() => Int, { nullable: true, description: 'Pixels, 256–1536 (default 768)' })
  @IsOptional()
  @IsInt()
  @Min(256)
  @Max(1536)
  height?: number;

  @Field(() => Int, { nullable: true, description: 'Same seed and prompt give the same image' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  seed?: number;
}

const IDEMPOTENCY_KEY_DESCRIPTION =
  'Retrying with the same key within 24 h returns the first result (replayed: true) without charging again';

@ArgsType()
class IdempotentArgs {
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
  @IsOptional()
  @Length(1, 255)
  @Matches(/^[\x21-\x7e]+$/, { message: 'idempotencyKey must be visible ASCII characters' })
  idempotencyKey?: string | null;
}

@ArgsType()
export class AnalyzeImageArgs extends IdempotentArgs {
  @Field(() => VisionFeature)
  feature: VisionFeature;

  @Field(() => UploadScalar, { description: 'The image file (multipart request; JPEG, PNG, WebP, GIF or TIFF)' })
  image: Promise<InMemoryUpload>;

  @Field(() => AnalysisOptionsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  options?: AnalysisOptionsInput | null;
}

@ArgsType()
export class AnalyzeImageUrlArgs extends IdempotentArgs {
  @Field(() => VisionFeature)
  feature: VisionFeature;

  @Field({ description: 'A public http(s) URL of the image; it is kept in your consumption log' })
  @Length(1, 2048)
  url: string;

  @Field(() => AnalysisOptionsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  options?: AnalysisOptionsInput | null;
}

/**
 * The arguments of a generation (prompt and options) after the `base` ones, to extend:
 * `@ArgsType() class GenerateImageArgs extends WithGenerationArgs(IdempotentArgs) {}`.
 */
export function WithGenerationArgs<TBase extends ClassType>(base: TBase) {
  @ArgsType()
  abstract class GenerationArgs extends base {
    @Field()
    @Length(1, 2000)
    prompt: string;

    @Field(() => GenerationOptionsInput, { nullable: true })
    @IsOptional()
    @ValidateNested()
    options?: GenerationOptionsInput | null;
  }
  return GenerationArgs;
}

@ArgsType()
export class GenerateImageArgs extends WithGenerationArgs(IdempotentArgs) {}

@InputType()
export class SetFeaturePriceInput {
  @Field(() => VisionFeature)
  feature: VisionFeature;

  @Field(() => Int, { description: 'Credits per call, 1–10000' })
  @IsInt()
  @Min(1)
  @Max(10000)
  credits: number;
}
