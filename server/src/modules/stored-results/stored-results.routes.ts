import type { Express } from 'express';
import type { Logger } from '../../core/logger';
import { sendRouteError, viewerOrUnauthorized } from '../../core/plain-routes';
import { isUuid } from '../../graphql/pagination';
import type { AuthService } from '../auth';
import type { StoredResultsService } from './stored-results.service';

/** GET /results/:id → the decrypted image, for its owner (session cookie or API token). */
export function installStoredResultRoutes(app: Express, services: { logger: Logger; auth: AuthService; storedResults: StoredResultsService }): void {
  app.get('/results/:id', async (req, res) => {
    res.set('Cache-Control', 'private, no-store');
    try {
      const viewer = await viewerOrUnauthorized(req, res, (headers) => services.auth.resolveViewer(headers));
      if (!viewer) return;
      if (!isUuid(req.params.id)) {
        res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Stored result not found' } });
        return;
      }
      const { result, bytes } = await services.storedResults.open(viewer.userId, req.params.id);
      const extension = result.mime.split('/')[1]?.replace(/[^a-z0-9]/gi, '') || 'bin';
      res.set('Content-Type', result.mime);
      res.set('X-Content-Type-Options', 'nosniff');
      res.set('Content-Disposition', `attachment; filename="${result.kind.toLowerCase()}-${result.id}.${extension}"`);
      res.send(bytes);
    } catch (error) {
      sendRouteError(res, error, services.logger, 'stored result download failed');
    }
  });
}
