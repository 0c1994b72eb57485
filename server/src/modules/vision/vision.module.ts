import { DataSource } from 'typeorm';
import type { Config } from '../../core/config';
import type { Logger } from '../../core/logger';
import type { StoredResultsService } from '../stored-results';
import type { UsersService } from '../users';
import { FeatureCatalogueService, ProviderDescriptions } from './features.service';
import { safeFetch } from './intake/safe-fetch';
import { FalProvider } from './providers/fal-provider';
import { LocalVisionProvider, localFeatureDescriptions } from './local/local-provider';
import { MAX_PROVIDER_BODY_BYTES } from './providers/http-client';
import { SentiSightProvider } from './providers/sentisight-provider';
import { ProviderRegistry } from './provider-registry';
import { VisionMetering, VisionService, outboundNetwork } from './vision.service';
import type { VisionProvider } from './vision.types';
import { VisionCalls } from './vision-calls';

export interface VisionServices {
  vision: VisionService;
  visionFeatures: FeatureCatalogueService;
  /** How analyzeImage, analyzeImageUrl and generateImage run: in this process unless the jobs module routes them through the queue. */
  visionCalls: VisionCalls;
}

/** Builds the providers, the registry (VISION_PROVIDERS) and the pipeline for one app. */
export function buildVisionServices(deps: {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  users: UsersService;
  metering: VisionMetering;
  /** Seed 000's opt-in image store (STORE_RESULTS=true). */
  storedResults: Pick<StoredResultsService, 'enabled' | 'save'>;
}): VisionServices {
  const { config, dataSource, logger, users, metering, storedResults } = deps;
  const network = outboundNetwork(config.vision);
  // Output files (fal's cut-outs and generations) are fetched like user URLs: a compromised or
  // spoofed provider answer must not point the server at internal addresses either.
  const fetchOutput = async (url: string, signal: AbortSignal) => {
    const { policy, beforeConnect } = network;
    const options = { policy, beforeConnect, maxBytes: MAX_PROVIDER_BODY_BYTES, timeoutMs: config.vision.timeoutMs, signal, field: 'provider' };
    return (await safeFetch(url, options)).bytes;
  };

  const providers: VisionProvider[] = [
    new LocalVisionProvider({
      logger,
      queueLimit: config.vision.localQueueLimit,
      threadsPerEngine: config.vision.localEngineThreads,
      engineNice: config.vision.localEngineNice,
      // An API process that leaves jobs to worker processes never loads a model.
      loadModels: config.workers.runsJobs,
    }),
    new SentiSightProvider(config.vision.sentisight),
    new FalProvider(config.vision.fal, fetchOutput),
  ];
  const descriptions: ProviderDescriptions = { local: localFeatureDescriptions };
  const registry = new ProviderRegistry(providers, config.vision.providers);
  const visionFeatures = new FeatureCatalogueService(dataSource, registry, descriptions);
  const vision = new VisionService({
    config: config.vision,
    network,
    storeImageBytes: config.storedResults.enabled,
    dataSource,
    metering,
    registry,
    catalogue: visionFeatures,
    users,
    logger,
    storedResults,
  });
  return { vision, visionFeatures, visionCalls: new VisionCalls(vision) };
}
