// Mutation testing with StrykerJS, one slice at a time: `npm run mutate -- <slice>…` (default: session).
// `npm run mutate -- --list` names the slices (stryker.config.mjs); `--static` also tries static mutants (slow),
// `--force` ignores the incremental file. Each slice runs under `nice -n 10` with
// two workers at most, keeps an incremental file in reports/mutation/ (git-ignored), and ends with the mutation
// score per folder read from its JSON report. Not in CI: see docs/mutation-testing.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

const { SLICES } = await import('../stryker.config.mjs');
const args = process.argv.slice(2);
if (args.includes('--list')) {
  for (const [name, { about, mutate }] of Object.entries(SLICES)) {
    console.log(`${name.padEnd(15)} ${about} (${mutate.join(', ')})`);
  }
  process.exit(0);
}
const force = args.includes('--force');
// Static mutants are left out unless asked for (see stryker.config.mjs): they cost a whole suite each.
const withStatic = args.includes('--static');
const slices = args.filter((a) => !a.startsWith('--'));
if (slices.length === 0) slices.push('session');
const unknown = slices.filter((s) => !(s in SLICES));
if (unknown.length > 0) {
  console.error(`mutate: unknown slice ${unknown.join(', ')}; one of ${Object.keys(SLICES).join(', ')}`);
  process.exit(2);
}

/**
 * Mutation score per folder from a mutation-testing-elements JSON report: detected (killed + timeout) over
 * valid mutants (detected + survived + no coverage), as Stryker counts it; compile and runtime errors and
 * ignored mutants are left out.
 */
function scoreByFolder(reportPath) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const folders = new Map();
  for (const [path, file] of Object.entries(report.files)) {
    const folder = dirname(path);
    const row = folders.get(folder) ?? { killed: 0, survived: 0, noCoverage: 0, timeout: 0 };
    for (const m of file.mutants) {
      if (m.status === 'Killed') row.killed++;
      else if (m.status === 'Timeout') row.timeout++;
      else if (m.status === 'Survived') row.survived++;
      else if (m.status === 'NoCoverage') row.noCoverage++;
    }
    folders.set(folder, row);
  }
  return [...folders].sort(([a], [b]) => a.localeCompare(b));
}

let failed = false;
for (const slice of slices) {
  console.log(`\nmutate: slice "${slice}" (${SLICES[slice].about})`);
  const run = spawnSync(
    'nice',
    ['-n', '10', 'npx', 'stryker', 'run', 'stryker.config.mjs', ...(force ? ['--force'] : [])],
    { stdio: 'inherit', env: { ...process.env, MUTATE_SLICE: slice, MUTATE_STATIC: withStatic ? '1' : '0' } },
  );
  if (run.status !== 0) {
    failed = true;
    continue;
  }
  const reportPath = `reports/mutation/${slice}${withStatic ? '.static' : ''}.json`;
  if (!existsSync(reportPath)) continue;
  console.log(`\nmutate: "${slice}" score per folder (killed+timeout / valid)`);
  for (const [folder, r] of scoreByFolder(reportPath)) {
    const detected = r.killed + r.timeout;
    const valid = detected + r.survived + r.noCoverage;
    const score = valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(1)} %`;
    console.log(
      `  ${folder.padEnd(32)} ${score.padStart(7)}  killed ${detected}, survived ${r.survived}, no coverage ${r.noCoverage}`,
    );
  }
}
process.exit(failed ? 1 : 0);
