/* global fetch, setTimeout, clearTimeout */
// CI's stand-in for `docker build` (no base image can be pulled here): the Dockerfile's runtime stage, step by
// step, on this machine. A built tree (dist/, client/app/dist/) and package*.json are copied into a clean
// folder, `npm ci --omit=dev` installs production dependencies only, and `node dist/server/main.js` must
// start in production mode, be ready, create and serve a session to a real client, and stop on SIGTERM with
// exit 0. Keep the copied paths in step with the Dockerfile's COPY lines.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';

const root = new URL('..', import.meta.url).pathname;
const started = Date.now();
const step = (message) =>
  process.stdout.write(`smoke: ${message} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
const fail = (message) => {
  process.stderr.write(`smoke: FAILED: ${message}\n`);
  process.exit(1);
};
const run = (command, args, cwd) => {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited ${result.status}`);
};

// 1. The build stage: the server and the page, unless already built from these sources (as `npm start` does).
run(process.execPath, ['scripts/start.mjs', '--build-only'], root);
if (!existsSync(join(root, 'client/app/dist/index.html'))) fail('the web page was not built');
step('built');

// 2. The runtime stage: what the Dockerfile copies, into a clean folder, with production dependencies only.
const app = mkdtempSync(join(tmpdir(), 'palabre-prod-'));
process.on('exit', () => rmSync(app, { recursive: true, force: true }));
for (const path of ['package.json', 'package-lock.json', 'dist', 'client/app/dist']) {
  cpSync(join(root, path), join(app, path), { recursive: true });
}
run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], app);
if (existsSync(join(app, 'node_modules/vitest')) || existsSync(join(app, 'node_modules/typescript'))) {
  fail('development dependencies were installed');
}
// MEDIA_MODE=sfu needs janode, an optional dependency with a native module: npm skips it silently when it
// cannot build it (the Dockerfile's deps stage has a compiler for that; so does this machine).
const sfu = spawnSync(
  process.execPath,
  ['--input-type=module', '-e', "await import('janode'); await import('janode/plugins/audiobridge');"],
  { cwd: app, encoding: 'utf8' },
);
if (sfu.status !== 0) fail(`janode (MEDIA_MODE=sfu) is not usable in the production install:\n${sfu.stderr}`);
step('production install');

// 3. CMD ["node", "dist/server/main.js"] with NODE_ENV=production.
const ADMIN_TOKEN = 'smoke-admin-token-0123456789';
const server = spawn(process.execPath, ['dist/server/main.js'], {
  cwd: app,
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(app, 'data'),
    SECRET: 'smoke-secret-0123456789abcdef',
    ADMIN_TOKEN,
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const killer = setTimeout(() => {
  server.kill('SIGKILL');
  fail('timed out');
}, 60_000);
process.on('exit', () => server.exitCode === null && server.kill('SIGKILL'));
let output = '';
const url = await new Promise((resolve) => {
  server.stdout.on('data', (chunk) => {
    output += chunk;
    const match = /Palabre is running at (http:\/\/\S+)/.exec(output);
    if (match) resolve(match[1]);
  });
  server.once('exit', (code) => fail(`the server exited with ${code} before it was ready:\n${output}`));
});
step(`listening at ${url}`);

// 4. Ready (the HEALTHCHECK), the page, a session created and joined by a real client.
const ready = await fetch(`${url}/readyz`);
if (ready.status !== 200) fail(`/readyz answered ${ready.status}`);
const page = await fetch(`${url}/`);
if (!(await page.text()).includes('<div id="app">')) fail('the web page is not served');
const created = await fetch(`${url}/api/sessions`, {
  method: 'POST',
  headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
  body: JSON.stringify({ title: 'Smoke test' }),
});
if (created.status !== 201) fail(`creating a session answered ${created.status}`);
const { session, invites } = await created.json();
const socket = io(url, {
  transports: ['websocket'],
  auth: { token: invites.facilitator.token, name: 'Smoke' },
  reconnection: false,
});
const snapshot = await new Promise((resolve) => {
  socket.on('snapshot', resolve);
  socket.on('connect_error', (err) => fail(`socket refused: ${err.message}`));
});
if (snapshot.state.id !== session.id) fail('the snapshot is not the session');
const ack = await socket.timeout(5000).emitWithAck('command', { type: 'session.start' });
if (!ack.ok) fail(`session.start refused: ${JSON.stringify(ack)}`);
socket.close();
step('session created, joined and started');

// The log check a report's reader runs works on the production install (no dev dependency).
const log = await fetch(`${url}/api/sessions/${session.id}/log`, {
  headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
});
if (log.status !== 200) fail(`exporting the log answered ${log.status}`);
const verify = spawnSync(process.execPath, ['dist/scripts/verify-log.js', '-'], {
  cwd: app,
  input: await log.text(),
  encoding: 'utf8',
});
// 3: the chain verifies, but no --head was given (the report's head hash is not at hand here).
if (verify.status !== 3) fail(`verify-log exited with ${verify.status}: ${verify.stdout}${verify.stderr}`);
step('verify-log checks the exported log');

// 5. STOPSIGNAL SIGTERM: a graceful stop, exit 0.
server.removeAllListeners('exit');
const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
server.kill('SIGTERM');
const { code, signal } = await exited;
clearTimeout(killer);
if (code !== 0) fail(`SIGTERM: exit ${code ?? signal}`);
step('stopped on SIGTERM with exit 0');
