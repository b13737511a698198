import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the real server and Debian's chromium driven by playwright-core. Separate from the main
 * suite (which excludes test/e2e) because they need a browser and a built page; `npm test` runs both.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/buildClient.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser at a time: the machine has two cores and each test drives four pages.
    fileParallelism: false,
    // In CI, also a JSON report, summed up by scripts/test-summary.mjs into one closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/e2e.json' }]] : ['default'],
  },
});
