import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis.js';

export interface JanusServer {
  /** Janus' WebSocket API, for JANUS_URL. */
  url: string;
  /** Its api_secret, for JANUS_API_SECRET. */
  apiSecret: string;
  /** Its process id (benchmarks read its CPU time). */
  pid: number;
  stop(): Promise<void>;
}

/** Where Debian's `janus` package puts its plugins and transports. */
const LIB = process.env.JANUS_LIB ?? '/usr/lib/x86_64-linux-gnu/janus';
export const JANUS_BIN = process.env.JANUS_BIN ?? '/usr/bin/janus';

export function janusInstalled(): boolean {
  return existsSync(JANUS_BIN) && existsSync(join(LIB, 'plugins/libjanus_audiobridge.so'));
}

/**
 * Starts a real Janus (Debian's package) for one test: its own configuration folder, only the AudioBridge
 * plugin and the WebSocket transport, the API on a free loopback port with an api_secret, and RTP on a port
 * range of its own so that parallel runs never collide. Janus gathers ICE candidates on this machine's own
 * addresses (its ICE agent skips loopback, and a network namespace with only `lo` leaves it none at all):
 * packets sent to the machine's own address are delivered locally and never leave it. Stopped (and its
 * folder removed) by `stop`.
 */
export async function startJanus(): Promise<JanusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-janus-'));
  for (const sub of ['plugins', 'transports', 'events', 'loggers']) await mkdir(join(dir, sub));
  await symlink(join(LIB, 'plugins/libjanus_audiobridge.so'), join(dir, 'plugins/libjanus_audiobridge.so'));
  await symlink(
    join(LIB, 'transports/libjanus_websockets.so'),
    join(dir, 'transports/libjanus_websockets.so'),
  );
  const port = await freePort();
  // A range of 200 UDP ports picked from the port the OS gave: enough for 50 peers, rarely shared.
  const rtpStart = 20_000 + ((port * 7) % 40_000);
  const apiSecret = `janus-test-${port}`;
  await writeFile(
    join(dir, 'janus.jcfg'),
    `general: {
  configs_folder = "${dir}"
  plugins_folder = "${dir}/plugins"
  transports_folder = "${dir}/transports"
  events_folder = "${dir}/events"
  loggers_folder = "${dir}/loggers"
  debug_level = 2
  api_secret = "${apiSecret}"
  session_timeout = 60
}
certificates: {}
media: {
  rtp_port_range = "${rtpStart}-${rtpStart + 199}"
}
nat: {
  ice_enforce_list = "lo"
  ignore_mdns = true
}
plugins: {}
transports: {}
events: {}
loggers: {}
`,
  );
  await writeFile(join(dir, 'janus.plugin.audiobridge.jcfg'), 'general: {\n}\n');
  await writeFile(
    join(dir, 'janus.transport.websockets.jcfg'),
    `general: {
  json = "indented"
  ws = true
  ws_port = ${port}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`,
  );
  const child: ChildProcess = spawn(JANUS_BIN, ['-F', dir, '-C', join(dir, 'janus.jcfg'), '-o'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`janus exited with ${child.exitCode}:\n${output}`);
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`janus did not open its WebSocket API on ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `ws://127.0.0.1:${port}`,
    apiSecret,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
