import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Paths the API server answers itself; the dev server forwards them so one origin keeps the session cookie. */
const API_PATHS = ['/graphql', '/webhooks', '/api', '/me', '/test-checkout', '/healthz'];
const apiTarget = process.env.VISIONGATE_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The GraphiQL editor (monaco) is big by nature; it is loaded only on the developers page.
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  server: {
    port: 5173,
    // /graphql also carries the subscriptions' WebSocket (graphql-ws), upgraded on the same path.
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: apiTarget, changeOrigin: false, ws: path === '/graphql' }])),
  },
});
