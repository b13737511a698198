/**
 * `npm run bench [name…]`: runs the benchmark scenarios in bench/scenarios (all of them, or those named),
 * each of which measures Palabre beside a baseline in the same run and prints medians and ratios.
 * Results are written to bench/results/<name>.json and summarised by hand in bench/RESULTS.md.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ScenarioModule {
  /** One line: what is measured and against which baseline. */
  description: string;
  run(): Promise<Record<string, unknown>>;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(join(here, 'scenarios'))).filter((f) => f.endsWith('.ts')).sort();
const names = files.map((f) => f.replace(/\.ts$/, ''));
const unknown = wanted.filter((w) => !names.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; available: ${names.join(', ')}\n`);
  process.exit(2);
}
await mkdir(join(here, 'results'), { recursive: true });
for (const name of names) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const mod = (await import(pathToFileURL(join(here, 'scenarios', `${name}.ts`)).href)) as ScenarioModule;
  process.stdout.write(`\n== ${name}: ${mod.description}\n`);
  const started = Date.now();
  const result = await mod.run();
  const record = {
    name,
    at: new Date().toISOString(),
    node: process.version,
    durationMs: Date.now() - started,
    result,
  };
  await writeFile(join(here, 'results', `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
