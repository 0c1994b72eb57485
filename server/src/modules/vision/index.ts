import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { MeteringService } from '../metering';
import type { MetricsService } from '../observability';
import type { StoredResultsService } from '../stored-results';
import type { UsersService } from '../users';
import { FeaturePrice } from './feature-price.entity';
import { CreateFeaturePrices1764000004000 } from './migrations/1764000004000-CreateFeaturePrices';
import { buildVisionServices } from './vision.module';
import { VisionResolver } from './vision.resolver';

export { FeatureCatalogueService } from './features.service';
export type { FeatureInfo } from './features.service';
export { FeatureType, VisionProviderName } from './vision.graphql';
export { addressPolicy } from './intake/address-policy';
export type { AddressPolicy } from './intake/address-policy';
export { maxMultipartBytes, processRequestInMemory } from './intake/multipart-in-memory';
export { OutboundRequestError, checkTarget, parseImageUrl, safePost, urlNotAllowed } from './intake/safe-fetch';
export { SetFeaturePriceInput } from './vision.inputs';
export { VisionService } from './vision.service';
export type { AnalysisCall, AnalysisOutcome, StoredResult, VisionCaller, VisionWork } from './vision.service';
export { VisionCalls } from './vision-calls';
export type { VisionCallRunner } from './vision-calls';
export { AnalysisResult } from './vision.graphql';
export { AnalysisOptionsInput, GenerationOptionsInput, WithGenerationArgs } from './vision.inputs';
export { UploadScalar } from './intake/multipart-in-memory';
export type { InMemoryUpload } from './intake/multipart-in-memory';
export type { AcceptedImage } from './intake/image-intake';
export { VisionFeature } from './vision.types';
export type { AnalysisOptions, GenerationOptions, ProviderName } from './vision.types';

type VisionNeeds = Pick<Platform, 'config' | 'dataSource' | 'logger'> & {
  users: UsersService;
  metering: MeteringService;
  storedResults: StoredResultsService;
  metrics: MetricsService;
};

export const visionModule = defineModule({
  name: 'vision',
  purpose: 'Image analysis and generation: intake, local and remote providers, prices, paid calls through metering',
  entities: [FeaturePrice],
  migrations: [CreateFeaturePrices1764000004000],
  services: (needs: VisionNeeds) => buildVisionServices(needs),
  resolvers: [VisionResolver],
  initializers: [({ metrics, vision }) => metrics.observeLocalEngineThreads(() => vision.localEngineThreads())],
});
