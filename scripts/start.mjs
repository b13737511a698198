// `npm start`: build when the sources are newer than the build, then run the server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const entry = join(root, 'dist/server/main.js');

/** The newest modification time (ms) of the files under `dir` whose names end with one of `endings`. */
function newest(dir, endings = ['.ts']) {
  let latest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    if (name.isDirectory()) {
      if (name.name !== 'node_modules' && name.name !== 'dist')
        latest = Math.max(latest, newest(path, endings));
    } else if (endings.some((e) => name.name.endsWith(e))) {
      latest = Math.max(latest, statSync(path).mtimeMs);
    }
  }
  return latest;
}

const sources = Math.max(...['server', 'shared', 'client/sdk'].map((d) => newest(join(root, d))));
const stale = !existsSync(entry) || statSync(entry).mtimeMs < sources;
if (stale) {
  process.stdout.write('palabre: building…\n');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// The web client: built when missing, or when its sources (or the shared code it bundles) changed since.
const clientIndex = join(root, 'client/app/dist/index.html');
const clientSources = () =>
  Math.max(
    newest(join(root, 'client/app'), ['.ts', '.tsx', '.css', '.html', '.json']),
    newest(join(root, 'shared')),
  );
const clientMissing = !existsSync(clientIndex);
// A stale client is rebuilt only where the build tools are installed (not in a production install, which
// serves the client it was shipped with).
const canBuildClient = existsSync(join(root, 'node_modules/vite'));
if (
  existsSync(join(root, 'client/app/index.html')) &&
  (clientMissing || (canBuildClient && statSync(clientIndex).mtimeMs < clientSources()))
) {
  process.stdout.write('palabre: building the web client…\n');
  const build = spawnSync('npm', ['run', '--silent', 'build:client'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// `--build-only`: bring the build up to date and stop (the production smoke test).
if (process.argv.includes('--build-only')) process.exit(0);
// Run in this process, so signals (Ctrl-C, SIGTERM from a supervisor) reach the server directly.
await import(pathToFileURL(entry).href);
