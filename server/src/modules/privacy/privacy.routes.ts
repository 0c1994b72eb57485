import type { Express } from 'express';
import { GraphQLError } from 'graphql';
import { recordViewer } from '../../core/request-info';
import type { AppServices } from '../../core/services';
import { httpStatusOf } from './http-errors';

/**
 * GET /me/export.json: the data export as a file download. Session cookie only: an API token
 * (a credential handed to scripts) must not be able to pull the whole account.
 */
export function installPrivacyRoutes(app: Express, services: AppServices): void {
  app.get('/me/export.json', async (req, res) => {
    res.set('Cache-Control', 'private, no-store');
    try {
      const { viewer, authError } = await services.auth.resolveViewer(req.headers);
      recordViewer(req, viewer);
      if (!viewer) {
        res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: authError ?? 'Sign in first' } });
        return;
      }
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
      const code = error instanceof GraphQLError ? String(error.extensions.code) : 'INTERNAL';
      if (code === 'INTERNAL') services.logger.error({ err: error }, 'data export failed');
      res.status(httpStatusOf(code)).json({ error: { code, message: error instanceof GraphQLError ? error.message : 'Internal server error' } });
    }
  });
}
