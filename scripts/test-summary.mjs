// Sums up the JSON reports of the vitest runs of `npm test` (written when CI is set) into one closing line.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of ['main', 'e2e', 'voice']) {
  const path = new URL(`../test-results/${name}.json`, import.meta.url);
  if (!existsSync(path)) {
    console.error(`test-summary: no report for the ${name} suite`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
