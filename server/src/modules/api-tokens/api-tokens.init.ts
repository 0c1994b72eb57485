import type { AppServices } from '../../core/services';

/** `Authorization: Bearer vg_…` authenticates through the token table. */
export function useApiTokensForBearerAuth(services: AppServices): void {
  services.auth.useBearerVerifier(services.apiTokens);
}
