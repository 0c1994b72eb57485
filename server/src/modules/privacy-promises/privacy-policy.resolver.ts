import { Query, Resolver } from 'type-graphql';
import type { AppServices } from '../../core/services';
import { PrivacyPolicyType } from './privacy-policy.graphql';
import { PrivacyPolicyService } from './privacy-policy.service';

@Resolver()
export class PrivacyPolicyResolver {
  private readonly policy: PrivacyPolicyService;

  constructor(services: AppServices) {
    this.policy = new PrivacyPolicyService(services);
  }

  @Query(() => PrivacyPolicyType, { description: 'The privacy promises with this deployment’s live settings (public)' })
  async privacyPolicy(): Promise<PrivacyPolicyType> {
    const view = await this.policy.view();
    return {
      ...view,
      promises: view.promises.map((p) => ({ ...p, setting: p.setting ?? null })),
    } as PrivacyPolicyType;
  }
}
