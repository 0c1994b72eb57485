import type { EventBus } from '../../core/events';
import type { PrivacyService } from './privacy.service';

/** Consent-log and rectification records follow the users module's events. */
export function registerPrivacyListeners(services: { events: EventBus; privacy: PrivacyService }): void {
  const { events, privacy } = services;
  events.on('user.registered', ({ userId }) => privacy.consents.recordSignup(userId));
  events.on('user.preferencesChanged', ({ userId, before, after }) => privacy.consents.recordPreferenceChange(userId, before, after));
  events.on('user.profileUpdated', ({ userId, changedFields }) => privacy.recordRectification(userId, changedFields));
}
