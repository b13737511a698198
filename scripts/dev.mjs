// `npm run dev`: the server (tsx watch, restarts on change) and the page (Vite, reloads on change) side by side.
// Open the page at http://localhost:5173; Vite proxies /api, /socket.io and /yjs to the server on PORT.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const port = process.env.PORT ?? '3000';
const vitePort = process.env.VITE_PORT ?? '5173';
const env = {
  ...process.env,
  PORT: port,
  VITE_PORT: vitePort,
  PALABRE_URL: `http://localhost:${port}`,
  // Invite links should open the page with reload, not the built one.
  PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${vitePort}`,
};
// The binaries themselves, not npx: a signal sent to a child must reach the real process.
const bin = (name) => join(new URL('..', import.meta.url).pathname, 'node_modules/.bin', name);
const children = [
  spawn(bin('tsx'), ['watch', 'server/main.ts'], { stdio: 'inherit', env }),
  spawn(bin('vite'), ['--config', 'client/app/vite.config.ts'], { stdio: 'inherit', env }),
];
let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
