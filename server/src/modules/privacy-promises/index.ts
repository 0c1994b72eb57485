import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import type { FeatureCatalogueService } from '../vision';
import { PrivacyPolicyResolver } from './privacy-policy.resolver';
import { PrivacyPolicyService } from './privacy-policy.service';

export const privacyPromisesModule = defineModule({
  name: 'privacy-promises',
  purpose: 'The privacy promises, each tied to a test, shown with the settings this deployment runs with',
  services: ({ config, dataSource, visionFeatures }: Pick<Platform, 'config' | 'dataSource'> & { visionFeatures: FeatureCatalogueService }) => ({ privacyPolicy: new PrivacyPolicyService(config, dataSource, visionFeatures) }),
  resolvers: [PrivacyPolicyResolver],
});
