import type { Express } from 'express';
import { GraphQLError } from 'graphql';
import { recordViewer } from '../../core/request-info';
import type { AppServices } from '../../core/services';
import { httpStatusOf } from '../privacy/http-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /results/:id → the decrypted image, for its owner (session cookie or API token). */
export function installStoredResultRoutes(app: Express, services: AppServices): void {
  app.get('/results/:id', async (req, res) => {
    res.set('Cache-Control', 'private, no-store');
    try {
      const { viewer, authError } = await services.auth.resolveViewer(req.headers);
      recordViewer(req, viewer);
      if (!viewer) {
        res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: authError ?? 'Sign in first' } });
        return;
      }
      if (!UUID.test(req.params.id)) {
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
      const code = error instanceof GraphQLError ? String(error.extensions.code) : 'INTERNAL';
      if (code === 'INTERNAL') services.logger.error({ err: error }, 'stored result download failed');
      res.status(httpStatusOf(code)).json({ error: { code, message: error instanceof GraphQLError ? error.message : 'Internal server error' } });
    }
  });
}
