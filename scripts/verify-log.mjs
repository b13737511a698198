#!/usr/bin/env node
// `npm run verify-log -- <file> --head <hash>`: runs the built checker (dist/scripts/verify-log.js, part of
// `npm run build`, so it works on a production install without dev dependencies; in a container:
// `node dist/scripts/verify-log.js …`), or the sources through tsx in a clone that was never built.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/scripts/verify-log.js', import.meta.url));
const source = fileURLToPath(new URL('./verify-log.ts', import.meta.url));
const args = existsSync(built) ? [built] : ['--import', 'tsx', source];
const run = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
