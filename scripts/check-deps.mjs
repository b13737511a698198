// Checks the lockfile against known advisories' fixed versions (every copy, nested ones included), then runs
// `npm audit` when the registry's audit endpoint answers. Run by .ci/run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Lowest safe version of packages with advisories that hit real-time servers like this one. */
const FLOORS = {
  'socket.io-parser': '4.2.7',
  'engine.io': '6.6.2',
  ws: '8.21.0',
  lib0: '0.2.120',
  'path-to-regexp': '8.0.0',
  cookie: '0.7.0',
};

const cmp = (a, b) => {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const problems = [];
for (const [path, info] of Object.entries(lock.packages ?? {})) {
  const name = path.split('node_modules/').pop();
  const floor = FLOORS[name];
  if (floor && info.version && cmp(info.version, floor) < 0)
    problems.push(`${path}@${info.version} < ${floor}`);
}
if (problems.length > 0) {
  console.error(`check-deps: vulnerable versions in package-lock.json:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-deps: no copy below the advisory floors (${Object.keys(FLOORS).join(', ')})`);

const audit = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(audit.stdout);
} catch {
  report = undefined;
}
if (!report || report.error) {
  // The audit endpoint is not reachable from every machine (some registries and mirrors refuse it).
  console.log(
    `check-deps: npm audit unavailable here (${report?.error?.summary ?? 'no answer'}); floors checked above`,
  );
  process.exit(0);
}
const counts = report.metadata?.vulnerabilities ?? {};
if ((counts.high ?? 0) + (counts.critical ?? 0) > 0) {
  console.error(
    `check-deps: npm audit found ${counts.high} high and ${counts.critical} critical vulnerabilities`,
  );
  process.exit(1);
}
console.log('check-deps: npm audit clean (production dependencies)');
