import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant (`npm run mutate`): the unit tests only. They drive the pure
 * domain and the core services with in-memory adapters and a fake clock, so a run needs no redis-server, no
 * port and no browser, and finishes in seconds. Integration, contract and e2e tests stay out: they are slow
 * and shared with the other runs on the machine.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Stryker runs its own workers (concurrency in stryker.config.mjs); one vitest worker in each.
    maxWorkers: 1,
  },
});
