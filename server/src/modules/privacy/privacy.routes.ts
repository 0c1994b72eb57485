import type { Express } from 'express';
import type { Platform } from '../../core/module';
import { sendRouteError, viewerOrUnauthorized } from '../../core/plain-routes';
import type { AuthService } from '../auth';
import type { PrivacyService } from './privacy.service';

/**
 * GET /me/export.json: the data export as a file download. Session cookie only: an API token
 * (a credential handed to scripts) must not be able to pull the whole account.
 */
export function installPrivacyRoutes(app: Express, services: Pick<Platform, 'clock' | 'logger'> & { auth: AuthService; privacy: PrivacyService }): void {
  app.get('/me/export.json', async (req, res) => {
    res.set('Cache-Control', 'private, no-store');
    try {
      const viewer = await viewerOrUnauthorized(req, res, (headers) => services.auth.resolveViewer(headers));
      if (!viewer) return;
      if (viewer.via !== 'SESSION') {
        res.status(403).json({ error: { code: 'FORBIDDEN', message: 'API tokens cannot export the account; sign in to the dashboard' } });
        return;
      }
      const document = await services.privacy.exportData(viewer.userId);
      const day = services.clock.now().toISOString().slice(0, 10);
      res.set('Content-Type', 'application/json; charset=utf-8');
      res.set('Content-Disposition', `attachment; filename="visiongate-export-${day}.json"`);
      res.send(JSON.stringify(document, null, 2));
    } catch (error) {
      sendRouteError(res, error, services.logger, 'data export failed');
    }
  });
}
