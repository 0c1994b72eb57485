import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: headless Chromium against the real built server (server/dist) serving the
 * built client (client/dist) on a fresh PostgreSQL database. Builds nothing itself.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: 'test-results/e2e.json' }]],
  },
});
