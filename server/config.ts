import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../shared/protocol.js';
import { MEDIA_MODES } from '../shared/voiceProtocol.js';
import type { IceServer, MediaMode } from '../shared/voiceProtocol.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every setting, read once from the environment and checked by zod. Each default says why it is what it is;
 * the README's configuration table mirrors this.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** 3000: the usual port for a Node service in development; set it behind your proxy. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** All interfaces, so a container or a LAN workshop can reach it; set 127.0.0.1 to keep it local. */
  HOST: z.string().default('0.0.0.0'),
  /** Base of invite links; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.string().url().optional(),
  /** Where the embedded store keeps session logs and documents. */
  DATA_DIR: z.string().default('./data'),
  /** HMAC key for tokens (≥ 16 characters). Unset in development: generated once and kept in DATA_DIR. */
  SECRET: z.string().min(16, 'SECRET must be at least 16 characters').optional(),
  /** Bearer token for the admin API. Unset in development: generated once, kept in DATA_DIR and printed. */
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  /**
   * Which proxies in front of Palabre may say whom they forward for (X-Forwarded-For): every per-address
   * limit and every logged address uses the client's address they give. `loopback`: a proxy on the same
   * machine, which nobody outside can impersonate. Otherwise `false` (trust nobody), a hop count (`1`: the
   * load balancer in front, wherever it is — only when nothing else can reach the port), or a list of
   * addresses and CIDR ranges (`10.0.0.0/8,192.168.1.10`) and the names `loopback`, `linklocal`,
   * `uniquelocal`.
   */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((v, ctx): false | number | string[] => {
      const value = v.trim();
      if (value === 'false' || value === 'none' || value === '') return false;
      if (/^\d+$/.test(value)) return Number(value);
      if (value === 'true') {
        ctx.addIssue({
          code: 'custom',
          message: 'trusting every proxy lets anyone choose their address: give a hop count or addresses',
        });
        return z.NEVER;
      }
      const list = value
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      try {
        proxyaddr.compile(list);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
      return list;
    }),
  /**
   * Sites allowed to embed the page in a frame (CSP `frame-ancestors`), space- or comma-separated, e.g.
   * `https://www.ville.fr https://participation.ville.fr`. `'none'` by default: nobody can frame the
   * facilitator console to trick clicks; a city that embeds the page on its site lists that site.
   */
  FRAME_ANCESTORS: z
    .string()
    .default("'none'")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean)),
  /** Unset: one process, embedded store. Set: several processes share sessions through Redis. */
  REDIS_URL: z.string().url().optional(),
  /** REDIS_URL names one node of a Redis Cluster; the client discovers the others. */
  REDIS_CLUSTER: bool.default(false),
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  REDIS_PREFIX: z.string().default('palabre'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Invites are handed out before a forum; 30 days covers the usual announcement period. */
  INVITE_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 30),
  /** A resume token outlives a long day of deliberation; each reconnection issues a fresh one. */
  RESUME_TTL_HOURS: z.coerce.number().positive().default(24),
  /** Largest socket.io message: commands are small; 64 KiB leaves room for a full agenda. */
  MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_MAX_PAYLOAD_BYTES),
  /**
   * socket.io connections from one client address (as TRUST_PROXY resolves it): a workshop behind one NAT
   * stays far below; a script opening sockets with a leaked invite does not.
   */
  MAX_SOCKETS_PER_IP: z.coerce.number().int().min(1).default(1000),
  /** Commands per second a socket may send on average (bursts up to 3×): far above any human pace. */
  COMMAND_RATE: z.coerce.number().positive().default(10),
  /**
   * How long members' arrivals and departures wait so that a burst reaches each socket as one message, in ms,
   * in a session of up to 100 sockets (above, 0.2 ms per socket so that announcing arrivals takes at most a
   * tenth of a core, at most 2 s); other events never wait. 0: at once. See
   * server/transport/socketio/eventBatches.ts and bench/RESULTS.md "Scale on one process".
   */
  EVENT_BATCH_MS: z.coerce.number().int().min(0).max(2000).default(20),
  /**
   * How voice travels (docs/voice.md). `embedded`: browser to browser (WebRTC), nothing to install; only
   * those who may be heard send, so a group of a few dozen costs each listener one incoming stream.
   * `sfu`: through a Janus AudioBridge that the server drives (JANUS_URL), for large plenaries and for
   * operators who want media off the browsers' uplinks.
   */
  MEDIA_MODE: z.enum(MEDIA_MODES).default('embedded'),
  /**
   * ICE servers handed to browsers, comma-separated (`stun:turn.example.org:3478,turn:turn.example.org:3478`).
   * Unset: none, so only direct and LAN paths work; behind NATs run a TURN server (Debian's `coturn`).
   * Nothing public by default: a third-party STUN server would learn who attends.
   */
  ICE_SERVERS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^(stun|stuns|turn|turns):/, 'ICE servers are stun:, stuns:, turn: or turns: URLs'),
      ),
    ),
  /**
   * Which ICE candidates clients keep: `all`, or `loopback` (127.0.0.1 and ::1 only) for tests and
   * one-machine demos, so that media never leaves the machine.
   */
  ICE_CANDIDATES: z.enum(['all', 'loopback']).default('all'),
  /** Credentials of the TURN servers in ICE_SERVERS (coturn's static user, `user=` in turnserver.conf). */
  TURN_USERNAME: z.string().optional(),
  TURN_CREDENTIAL: z.string().optional(),
  /**
   * Voice messages (signalling, SFU requests) per second per socket on average, bursts 10×: a speaker
   * taking the floor in front of 50 listeners sends an offer and a few candidates to each at once.
   */
  VOICE_SIGNAL_RATE: z.coerce.number().positive().default(50),
  /**
   * Embedded mode: the documented size of a group, in listeners of one speaker (docs/voice.md, "Size"); a
   * group above it is logged once (a warning to switch to MEDIA_MODE=sfu), never refused.
   */
  EMBEDDED_VOICE_MAX_LISTENERS: z.coerce.number().int().positive().default(30),
  /** SFU mode: Janus' WebSocket API (`janus.transport.websockets.jcfg`), reachable from Palabre only. */
  JANUS_URL: z.string().url().default('ws://127.0.0.1:8188'),
  /** SFU mode: Janus' `api_secret` (janus.jcfg), if it sets one. */
  JANUS_API_SECRET: z
    .string()
    .optional()
    // Empty (as compose passes an unset variable) means none.
    .transform((v) => v || undefined),
  /** Serve the web client from client/app/dist when it is built. */
  SERVE_CLIENT: bool.default(true),
  /**
   * socket.io transports. Both by default (long-polling helps behind old proxies); `websocket` alone when
   * processes sit behind a load balancer without sticky sessions (npm run start:cluster sets it).
   */
  SOCKET_TRANSPORTS: z.enum(['polling,websocket', 'websocket']).default('polling,websocket'),
  /**
   * Where documents live without REDIS_URL: `file` (DATA_DIR/docs, every update on disk before anyone sees
   * it) or `memory` (lost on restart: demos, and benchmarks against servers that persist nothing).
   */
  YJS_STORE: z.enum(['file', 'memory']).default('file'),
  /** Largest Yjs update (or awareness message) a client may send: 256 KiB holds a long pasted text. */
  YJS_MAX_UPDATE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  /** Largest encoded recommendations document: 8 MiB is hundreds of pages of text with its history. */
  YJS_MAX_DOCUMENT_BYTES: z.coerce
    .number()
    .int()
    .min(4096)
    .default(8 * 1024 * 1024),
  /** Document messages per second per connection (bursts 4×): a fast typist with a moving cursor sends ~20. */
  YJS_MESSAGES_PER_SECOND: z.coerce.number().positive().default(60),
  /** Compact a document's log into one snapshot after this many updates: bounds load time and disk. */
  YJS_COMPACT_EVERY: z.coerce.number().int().min(1).default(500),
  /**
   * Group commit window (ms): document updates of every document arriving within it are persisted together
   * (file store: one journal write with O_DSYNC; Redis: one pipelined round trip), then broadcast. 0: what
   * arrives in the same turn of the event loop. Default 5 on the file store: it adds at most 5 ms to what
   * collaborators see (far below what a typist notices) and, under the fan-out bench's 500 updates/s, syncs
   * the disk once per ~3 updates instead of once per update (one sync cost ~130 µs of CPU here, a batch of 5
   * ~28 µs per update; bench/RESULTS.md, issue #17). Default 0 on Redis: a round trip is cheap, and the
   * window would add itself to every update's way to the other processes (cross-process p50 3.7 → 8.5 ms
   * with 5 ms, same run).
   */
  YJS_COMMIT_WINDOW_MS: z.coerce.number().int().min(0).max(1000).optional(),
  /** Document connections one member may hold at once (tabs × groups read); bounds a leaked token's reach. */
  YJS_MAX_CONNECTIONS_PER_MEMBER: z.coerce.number().int().min(1).default(32),
  /**
   * Document connections (open or being checked) from one IP address: a workshop behind one NAT stays far
   * below; a script opening sockets with a shared observer invite does not.
   */
  YJS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(1000),
  /** Document handshakes being checked at once, server-wide: caps unauthenticated work. */
  YJS_MAX_PENDING_HANDSHAKES: z.coerce.number().int().min(1).default(256),
  /**
   * Time a WebSocket upgrade to a document may take, from the request's first byte to the open socket
   * (ms). A stalled or never-finished upgrade is closed past it: it holds a socket and, once counted, a
   * handshake slot. 10 s is ample on a slow mobile link.
   */
  YJS_HANDSHAKE_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * How long an update that refers to content the document does not have yet may wait for it (ms): a
   * process catching up through Redis sees it within milliseconds. Past it, the update is dropped and its
   * client asked to sync again.
   */
  YJS_PENDING_MS: z.coerce.number().int().min(10).default(5_000),
  /** Largest awareness state (one client's presence and cursor, as JSON): ~300 bytes in practice. */
  YJS_MAX_AWARENESS_BYTES: z.coerce.number().int().min(256).default(8192),
  /**
   * How often each process records that it is up (ms). A process that starts and finds no beat for three of
   * these treats the gap as an outage, which is not speaking time. 1 s: a cheap write, and at most about a
   * second of real speaking time is counted as down when every process dies.
   */
  HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /**
   * Lease of a process's presence records (ms), renewed every third of it: when a process dies, the others
   * announce its members and their cursors as gone within about 1⅓ of this. 4.5 s: a few seconds, and three
   * renewals fit in it when a process is briefly busy.
   */
  PRESENCE_LEASE_MS: z.coerce.number().int().min(300).max(120_000).default(4500),
  /**
   * How long a member whose last connection closed may take to come back before they are announced as gone
   * (ms): a page reload or a network blip is not a departure.
   */
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(3000),
  /**
   * Days after its end when a session is deleted with everything it stored (log, documents, versions,
   * ballots, personal data). Unset: sessions are kept until deleted through the API — deletion cannot be
   * undone, so how long a city keeps the records of its forums is its own policy to set here (e.g. 365).
   */
  RETENTION_DAYS: z.coerce.number().positive().optional(),
  /**
   * Longest a graceful stop (SIGTERM, SIGINT) may take (ms): readiness 503, no new connections, documents
   * written, clients closed with codes after which they reconnect elsewhere. Past it the process exits
   * anyway (code 1). 8 s: below Docker's and Kubernetes' default grace periods (10 s, 30 s), so the drain
   * ends before the supervisor's SIGKILL; a drain usually takes well under a second.
   */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(8000),
  /**
   * How long a stopping process keeps serving after /readyz turned 503, before it closes its connections
   * (ms). 0: a proxy that retries a refused connection on another process (nginx, HAProxy) needs no wait;
   * behind a load balancer that only follows health checks (Kubernetes endpoints), set it to about one
   * check interval. Counted within SHUTDOWN_TIMEOUT_MS.
   */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /**
   * Bearer token Prometheus must send for /metrics. Unset: /metrics is open in development and off on the
   * public port in production (counts of sessions and refusals are not for everyone), so production sets
   * this or METRICS_PORT.
   */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /**
   * A second port serving /metrics alone, for a scraper on the internal network (no token needed unless
   * METRICS_TOKEN is set). Unset: /metrics lives on PORT only.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string | undefined;
  /** FRAME_ANCESTORS: sources allowed to frame the page. */
  frameAncestors: string[];
  /** TRUST_PROXY: false, a hop count, or addresses, ranges and names (see clientAddress.ts). */
  trustProxy: false | number | string[];
  dataDir: string;
  secret: string;
  adminToken: string;
  /** Variables that look like settings but are none (warned about at start-up). */
  unknownSettings: { name: string; suggestion: string | undefined }[];
  /** True when the admin token was generated here and must be shown to the operator. */
  adminTokenGenerated: boolean;
  redisUrl: string | undefined;
  redisPrefix: string;
  redisCluster: boolean;
  logLevel: Env['LOG_LEVEL'];
  inviteTtlMs: number;
  resumeTtlMs: number;
  maxPayloadBytes: number;
  commandRate: number;
  /** How long arrivals and departures wait to go out together (ms, up to 1,000 sockets; 0: at once). */
  eventBatchMs: number;
  voice: {
    mode: MediaMode;
    /** Handed to every client in `welcome`. */
    iceServers: IceServer[];
    /** ICE_CANDIDATES. */
    candidates: 'all' | 'loopback';
    /** Voice messages per second per socket. */
    signalRate: number;
    /** Embedded mode: listeners of one speaker beyond which a group is logged (EMBEDDED_VOICE_MAX_LISTENERS). */
    embeddedMaxListeners: number;
    janus: { url: string; apiSecret: string | undefined };
  };
  /** socket.io connections per client address. */
  maxSocketsPerIp: number;
  serveClient: boolean;
  socketTransports: ('polling' | 'websocket')[];
  /** Interval of the liveness beat, in ms (see core/outages.ts). */
  heartbeatMs: number;
  presence: { leaseMs: number; graceMs: number };
  /** Ended sessions are deleted this long after their end (ms); undefined: kept. */
  retentionMs: number | undefined;
  metrics: {
    /** Required bearer token for /metrics, if any. */
    token: string | undefined;
    /** Whether the public port serves /metrics (always when a token is set; in development without one). */
    onPublicPort: boolean;
    /** A separate port for /metrics, if any. */
    port: number | undefined;
  };
  shutdown: {
    /** Longest a graceful stop may take, ms. */
    timeoutMs: number;
    /** Serving on after readiness turned 503, ms. */
    delayMs: number;
  };
  documents: {
    store: 'file' | 'memory';
    maxUpdateBytes: number;
    maxDocumentBytes: number;
    messagesPerSecond: number;
    compactEvery: number;
    /** Group commit window, ms (YJS_COMMIT_WINDOW_MS); unset: 5 on the file store, 0 on Redis. */
    commitWindowMs: number | undefined;
    maxConnectionsPerMember: number;
    maxPendingHandshakes: number;
    maxConnectionsPerIp: number;
    handshakeTimeoutMs: number;
    pendingMs: number;
    maxAwarenessBytes: number;
  };
}

export class ConfigError extends Error {}

/** Variables Palabre's own scripts read besides the settings above (not warned about). */
const OTHER_KNOWN = ['WORKERS', 'TEST_LOG_LEVEL', 'VITE_PORT', 'PALABRE_URL'];

/** STUN servers as they are; TURN servers with the configured credentials (coturn's static user). */
function iceServers(
  urls: string[],
  username: string | undefined,
  credential: string | undefined,
): IceServer[] {
  return urls.map((url) =>
    url.startsWith('turn') && username !== undefined && credential !== undefined
      ? { urls: [url], username, credential }
      : { urls: [url] },
  );
}

/**
 * Variables that look like Palabre settings but are none (a typo, a setting of another version): each with
 * the closest real name. A misspelt `SHUTDOWN_TIMEOUT_MS` silently keeping its default is worse than a line
 * in the log. "Looks like": shares the first word of a setting (`YJS_`, `REDIS_`, `METRICS_`…), starts with
 * `PALABRE_`, or (longer than six letters) is within two edits of a setting. A `PALABRE_` name is also
 * compared without its prefix (`PALABRE_PORT` → `PORT`).
 */
export function unknownSettings(env: NodeJS.ProcessEnv): { name: string; suggestion: string | undefined }[] {
  const known = Object.keys(envSchema.shape);
  const all = new Set([...known, ...OTHER_KNOWN]);
  const prefixes = new Set(known.filter((k) => k.includes('_')).map((k) => `${k.split('_')[0]!}_`));
  prefixes.delete('NODE_');
  const unknown: { name: string; suggestion: string | undefined }[] = [];
  for (const name of Object.keys(env)) {
    if (all.has(name) || name.startsWith('BENCH_')) continue;
    const bare = name.startsWith('PALABRE_') ? name.slice('PALABRE_'.length) : name;
    const closest = known
      .map((k) => ({ k, d: Math.min(editDistance(name, k), editDistance(bare, k)) }))
      .sort((a, b) => a.d - b.d)[0];
    // Short names are too close to everything (HOME and HOST): only longer ones count as typos.
    const near = closest && closest.d <= 2 && name.length > 6;
    const looksLike =
      near || name.startsWith('PALABRE_') || [...prefixes].some((prefix) => name.startsWith(prefix));
    if (looksLike) unknown.push({ name, suggestion: closest && closest.d <= 4 ? closest.k : undefined });
  }
  return unknown;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

export function parseEnv(env: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Reads a secret kept in DATA_DIR, creating it the first time (development only). */
async function keptSecret(dataDir: string, file: string): Promise<{ value: string; created: boolean }> {
  const path = join(dataDir, file);
  try {
    const value = (await readFile(path, 'utf8')).trim();
    if (value.length >= 16) return { value, created: false };
  } catch {
    // not there yet
  }
  const value = randomBytes(24).toString('base64url');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(path, `${value}\n`, { mode: 0o600 });
  return { value, created: true };
}

export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  const e = parseEnv(env);
  const dataDir = resolve(e.DATA_DIR);
  if (e.NODE_ENV === 'production' && (!e.SECRET || !e.ADMIN_TOKEN)) {
    throw new ConfigError('in production, SECRET and ADMIN_TOKEN must be set in the environment');
  }
  const secret = e.SECRET ?? (await keptSecret(dataDir, '.secret')).value;
  const admin = e.ADMIN_TOKEN
    ? { value: e.ADMIN_TOKEN, created: false }
    : await keptSecret(dataDir, '.admin-token');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    trustProxy: e.TRUST_PROXY,
    frameAncestors: e.FRAME_ANCESTORS,
    dataDir,
    secret,
    adminToken: admin.value,
    adminTokenGenerated: !e.ADMIN_TOKEN,
    unknownSettings: unknownSettings(env),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    redisCluster: e.REDIS_CLUSTER,
    logLevel: e.LOG_LEVEL,
    inviteTtlMs: e.INVITE_TTL_HOURS * 3600_000,
    resumeTtlMs: e.RESUME_TTL_HOURS * 3600_000,
    maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
    commandRate: e.COMMAND_RATE,
    eventBatchMs: e.EVENT_BATCH_MS,
    voice: {
      mode: e.MEDIA_MODE,
      iceServers: iceServers(e.ICE_SERVERS, e.TURN_USERNAME, e.TURN_CREDENTIAL),
      candidates: e.ICE_CANDIDATES,
      signalRate: e.VOICE_SIGNAL_RATE,
      embeddedMaxListeners: e.EMBEDDED_VOICE_MAX_LISTENERS,
      janus: { url: e.JANUS_URL, apiSecret: e.JANUS_API_SECRET },
    },
    maxSocketsPerIp: e.MAX_SOCKETS_PER_IP,
    serveClient: e.SERVE_CLIENT,
    socketTransports: e.SOCKET_TRANSPORTS === 'websocket' ? ['websocket'] : ['polling', 'websocket'],
    heartbeatMs: e.HEARTBEAT_MS,
    presence: { leaseMs: e.PRESENCE_LEASE_MS, graceMs: e.PRESENCE_GRACE_MS },
    retentionMs: e.RETENTION_DAYS === undefined ? undefined : e.RETENTION_DAYS * 24 * 3600_000,
    shutdown: { timeoutMs: e.SHUTDOWN_TIMEOUT_MS, delayMs: e.SHUTDOWN_DELAY_MS },
    metrics: {
      token: e.METRICS_TOKEN,
      onPublicPort: e.METRICS_TOKEN !== undefined || e.NODE_ENV !== 'production',
      port: e.METRICS_PORT,
    },
    documents: {
      store: e.YJS_STORE,
      maxUpdateBytes: e.YJS_MAX_UPDATE_BYTES,
      maxDocumentBytes: e.YJS_MAX_DOCUMENT_BYTES,
      messagesPerSecond: e.YJS_MESSAGES_PER_SECOND,
      compactEvery: e.YJS_COMPACT_EVERY,
      commitWindowMs: e.YJS_COMMIT_WINDOW_MS,
      maxConnectionsPerMember: e.YJS_MAX_CONNECTIONS_PER_MEMBER,
      maxPendingHandshakes: e.YJS_MAX_PENDING_HANDSHAKES,
      maxConnectionsPerIp: e.YJS_MAX_CONNECTIONS_PER_IP,
      handshakeTimeoutMs: e.YJS_HANDSHAKE_TIMEOUT_MS,
      pendingMs: e.YJS_PENDING_MS,
      maxAwarenessBytes: e.YJS_MAX_AWARENESS_BYTES,
    },
  };
}
