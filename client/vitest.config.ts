import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Component tests in jsdom. Results also go to test-results/vitest.json (jest format) for the root runner. */
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
