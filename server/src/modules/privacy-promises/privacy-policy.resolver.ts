import { Query, Resolver } from 'type-graphql';
import { PrivacyPolicyType } from './privacy-policy.graphql';
import { PrivacyPolicyService } from './privacy-policy.service';

@Resolver()
export class PrivacyPolicyResolver {
  constructor(private readonly services: { privacyPolicy: PrivacyPolicyService }) {}

  @Query(() => PrivacyPolicyType, { description: 'The privacy promises with this deployment’s live settings (public)' })
  async privacyPolicy(): Promise<PrivacyPolicyType> {
    const view = await this.services.privacyPolicy.view();
    return {
      ...view,
      promises: view.promises.map((p) => ({ ...p, setting: p.setting ?? null })),
    } as PrivacyPolicyType;
  }
}
