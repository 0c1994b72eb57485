import type { AuthService } from '../auth';
import type { ApiTokensService } from './api-tokens.service';

/** `Authorization: Bearer vg_…` authenticates through the token table. */
export function useApiTokensForBearerAuth(services: { auth: AuthService; apiTokens: ApiTokensService }): void {
  services.auth.useBearerVerifier(services.apiTokens);
}
