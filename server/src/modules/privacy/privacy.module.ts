import type { AppServices } from '../../core/services';

/** Consent-log and rectification records follow the users module's events. */
export function registerPrivacyListeners(services: AppServices): void {
  const { events, privacy } = services;
  events.on('user.registered', ({ userId }) => privacy.consents.recordSignup(userId));
  events.on('user.preferencesChanged', ({ userId, before, after }) => privacy.consents.recordPreferenceChange(userId, before, after));
  events.on('user.profileUpdated', ({ userId, changedFields }) => privacy.recordRectification(userId, changedFields));
}
