import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/voice/**', 'node_modules/**'],
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: run files in parallel, but not more than the machine can hold.
    maxWorkers: 2,
    // In CI, also a JSON report, summed up by scripts/test-summary.mjs into one closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/main.json' }]] : ['default'],
  },
});
