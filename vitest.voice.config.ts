import { defineConfig } from 'vitest/config';

/**
 * Voice through a real media server: Janus (Debian's `janus`) started by the tests on free ports, werift
 * peer connections in Node and Debian's chromium. Separate from the main suite (which excludes test/voice)
 * because it needs Janus and a browser; `npm test` runs it last, `.ci/run` installs Janus when missing.
 */
export default defineConfig({
  test: {
    include: ['test/voice/**/*.test.ts'],
    globalSetup: ['test/e2e/buildClient.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results/voice.json' }]]
      : ['default'],
  },
});
