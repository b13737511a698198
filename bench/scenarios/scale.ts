/**
 * Scale proof on one process (issue #17), bounded and on loopback; every part stops by itself.
 *
 * 1. **Idle members**: members join one session (socket.io with the participant invite, then a document
 *    connection to the plenary's draft with their resume token), in steps up to BENCH_SCALE_MEMBERS (10,000),
 *    50 handshakes at a time. Per step: wall time, server CPU per member joined, server RSS and KiB per member,
 *    `/healthz` latency once the step is in (is the event loop still answering?), and the session messages the
 *    members received during the step (every join is announced to everyone: that is the quadratic part). A step
 *    that takes longer than BENCH_SCALE_STEP_BUDGET_MS (180 s) ends the ramp, and the result says where.
 * 2. **Plenary watched while groups draft**: 50 groups drafting (one writer typing every 100 ms and 4 readers
 *    each), while BENCH_SCALE_OBSERVERS (1,000) observers hold a socket.io connection and a document connection
 *    to the plenary's draft; a facilitator makes an announcement every 2 s so that the observers receive
 *    session events. Reports update latency p50/p99, delivered/expected, session events delivered to observers, server
 *    CPU per delivered update and RSS.
 * 3. **Soak**: the fan-out load of the documents bench (50 documents × 20 clients, one writer per document every
 *    100 ms) for BENCH_SOAK_MS (10 minutes), server RSS sampled every 10 s; reports the slope of RSS over the
 *    last 80 % of the run (least squares, MiB per minute), lost updates and latency; then the same on the
 *    reference y-websocket server (BENCH_SOAK_REFERENCE=0 skips it), whose slope is what the documents' own
 *    growth costs.
 *
 * BENCH_SCALE_BATCH_MS=0,20: the idle-members ramp runs once per EVENT_BATCH_MS value (0 is the behaviour
 * before session events were batched). BENCH_SCALE_BEFORE: the folder of another built tree of Palabre (a git
 * worktree of an older commit, `npm run build` there), whose ramp runs first in the same invocation, up to
 * BENCH_SCALE_BEFORE_MEMBERS (default: the same target), with ratios after/before per step reached by both.
 * BENCH_SCALE_STEPS (comma-separated member counts) replaces the default steps. With BENCH_PROFILE_DIR, the
 * server's CPU profile is taken over each step of the ramp (one .cpuprofile per step).
 * BENCH_SCALE_PARTS=members,plenary,soak selects parts. Palabre as deployed (`node dist/server/main.js`, file
 * store), limits raised for connections from one address (every client here is 127.0.0.1).
 */
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocolVersion.js';
import { openClient, openMany, Writer, updateKeys, yWebsocketDialect } from '../documents/clients.js';
import type { BenchClient } from '../documents/clients.js';
import { fanOut, palabreTarget, referenceTarget, sleep } from '../documents/load.js';
import type { Target } from '../documents/load.js';
import { PALABRE_ADMIN, startPalabre, startYWebsocketServer } from '../documents/servers.js';
import type { ServerProcess } from '../documents/servers.js';
import { median, round, summary } from '../stats.js';

export const description =
  'one process: 10,000 idle members, a plenary of 1,000 observers while 50 groups draft, a 10-minute soak ' +
  '(where the limit is and what gives first)';

/**
 * The soft limit of open files of this process (/proc/self/limits, "Max open files"); the server inherits it.
 * A member holds two connections, so two descriptors on each side: a process under a limit of 20,000 (as
 * this container's, which cannot be raised from inside) cannot hold 10,000 members.
 */
function openFilesLimit(): number {
  const line = /Max open files\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return line && line[1] !== 'unlimited' ? Number(line[1]) : Infinity;
}

/** Descriptors kept aside for everything but the members' connections (pipes, listeners, files), per process. */
const SPARE_FILES = 200;
const FILE_LIMIT = openFilesLimit();
const WANTED_MEMBERS = Number(process.env.BENCH_SCALE_MEMBERS ?? 10_000);
/** The ramp's target: BENCH_SCALE_MEMBERS, or fewer when two descriptors per member would not fit. */
const MEMBERS = Math.min(WANTED_MEMBERS, Math.floor((FILE_LIMIT - SPARE_FILES) / 2));
const OBSERVERS = Number(process.env.BENCH_SCALE_OBSERVERS ?? 1_000);
const STEP_BUDGET_MS = Number(process.env.BENCH_SCALE_STEP_BUDGET_MS ?? 180_000);
const SOAK_MS = Number(process.env.BENCH_SOAK_MS ?? 600_000);
const BATCH_WINDOWS = (process.env.BENCH_SCALE_BATCH_MS ?? '0,20').split(',');
const PARTS = (process.env.BENCH_SCALE_PARTS ?? 'members,plenary,soak').split(',');
const BEFORE = process.env.BENCH_SCALE_BEFORE;
const BEFORE_MEMBERS = Number(process.env.BENCH_SCALE_BEFORE_MEMBERS ?? MEMBERS);
const STEPS = process.env.BENCH_SCALE_STEPS?.split(',').map(Number);
const PARALLEL = 50;
const MiB = 2 ** 20;

const LIMITS = {
  MAX_SOCKETS_PER_IP: '1000000',
  YJS_MAX_CONNECTIONS_PER_IP: '1000000',
  COMMAND_RATE: '100000',
  YJS_MESSAGES_PER_SECOND: '1000000',
};

interface Created {
  session: { id: string; groupOrder: string[] };
  invites: Record<'facilitator' | 'participant' | 'observer', { token: string }>;
}

async function createSession(server: ServerProcess, groups: number): Promise<Created> {
  const res = await fetch(`${server.httpUrl}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PALABRE_ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Scale',
      settings: { maxMembers: 10_000 },
      groups: Array.from({ length: groups }, (_, i) => ({ name: `Groupe ${i + 1}` })),
    }),
  });
  if (!res.ok) throw new Error(`session not created: ${res.status} ${await res.text()}`);
  return (await res.json()) as Created;
}

/** A member's socket.io connection that only counts what it receives (no session replica: light on the bench). */
interface LightMember {
  socket: Socket;
  resumeToken: string;
  memberId: string;
}

function joinMember(server: ServerProcess, token: string, name: string, counter: { events: number }) {
  const socket = io(server.httpUrl, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token, name, protocol: PROTOCOL_VERSION },
  });
  socket.on('events', () => counter.events++);
  const joined = new Promise<LightMember>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no snapshot within 300 s`)), 300_000);
    let welcome: { resumeToken: string; memberId: string } | undefined;
    socket.on('welcome', (w: { resumeToken: string; memberId: string }) => (welcome = w));
    socket.on('snapshot', () => {
      clearTimeout(timer);
      if (welcome) resolve({ socket, resumeToken: welcome.resumeToken, memberId: welcome.memberId });
    });
    socket.on('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return { socket, joined, synced: joined.then(() => undefined) };
}

async function healthLatencyMs(server: ServerProcess): Promise<number> {
  const t0 = performance.now();
  await fetch(`${server.httpUrl}/healthz`);
  return performance.now() - t0;
}

/**
 * The idle-members ramp on a fresh server: `batchMs` is its EVENT_BATCH_MS, `members` the last step, `builtTree`
 * another built tree to run instead (a "before"). Returns one row per step reached and where the ramp stopped.
 */
async function idleMembers(batchMs: string, members: number, builtTree?: string) {
  const server = await startPalabre('file', { ...LIMITS, EVENT_BATCH_MS: batchMs }, builtTree);
  const profiling = process.env.BENCH_PROFILE_DIR !== undefined;
  const sockets: Socket[] = [];
  const docs: BenchClient[] = [];
  try {
    const created = await createSession(server, 50);
    const sessionId = created.session.id;
    const plenary = created.session.groupOrder[0]!;
    /** Each member opens the plenary's draft with its own resume token. */
    const docUrl = (token: string) =>
      yWebsocketDialect(
        () => `${server.wsUrl}/yjs/${sessionId}/${plenary}?token=${encodeURIComponent(token)}`,
      );
    const steps = (STEPS ?? [1_000, 2_500, 5_000, 10_000, 20_000]).filter((n) => n < members).concat(members);
    const rssStart = server.rss();
    const results = [];
    let limit: string | undefined;
    const counter = { events: 0 };
    for (const target of steps) {
      const from = sockets.length;
      const eventsBefore = counter.events;
      if (profiling) server.signal('SIGUSR2');
      const cpuBefore = server.cpuMs();
      const t0 = performance.now();
      let failed: string | undefined;
      for (let i = from; i < target && !failed; i += PARALLEL) {
        if (performance.now() - t0 > STEP_BUDGET_MS) {
          failed = `step to ${target} over its ${STEP_BUDGET_MS / 1000} s budget at ${sockets.length} members`;
          break;
        }
        const batch = Array.from({ length: Math.min(PARALLEL, target - i) }, (_, j) =>
          joinMember(server, created.invites.participant.token, `M${i + j}`, counter),
        );
        sockets.push(...batch.map((b) => b.socket));
        try {
          const members = await Promise.all(batch.map((b) => b.joined));
          const opened = members.map((m) =>
            openClient(docUrl(m.resumeToken), plenary, 'reader', () => undefined),
          );
          docs.push(...opened);
          await Promise.all(opened.map((c) => c.synced));
        } catch (error) {
          failed = `at ${sockets.length} members: ${(error as Error).message}`;
        }
      }
      const wallMs = performance.now() - t0;
      const cpuMs = server.cpuMs() - cpuBefore;
      if (profiling) server.signal('SIGUSR2');
      const joined = sockets.length - from;
      const rss = server.rss();
      results.push({
        members: sockets.length,
        stepWallS: round(wallMs / 1000, 1),
        serverCpuMsPerJoin: round(cpuMs / Math.max(1, joined), 2),
        rssMiB: round(rss / MiB, 1),
        kibPerMember: round((rss - rssStart) / sockets.length / 1024, 1),
        healthzMs: round(await healthLatencyMs(server), 1),
        sessionMessagesReceived: counter.events - eventsBefore,
      });
      process.stdout.write(`  ${server.name} members: ${JSON.stringify(results.at(-1))}\n`);
      if (failed) {
        limit = failed;
        break;
      }
    }
    return { steps: results, limit: limit ?? `none up to ${sockets.length} members` };
  } finally {
    for (const d of docs) d.close();
    for (const s of sockets) s.disconnect();
    await server.stop();
  }
}

async function plenaryWhileDrafting() {
  const server = await startPalabre('file', LIMITS);
  const observers: Socket[] = [];
  const observerDocs: BenchClient[] = [];
  const clients: BenchClient[] = [];
  try {
    const target = await palabreTarget(server, 50);
    const { id: sessionId, plenary, facilitatorToken, observerToken } = target.session!;
    const counter = { events: 0 };
    const rssBefore = server.rss();
    const joined = await openMany(OBSERVERS, PARALLEL, (i) =>
      joinMember(server, observerToken, `Obs ${i}`, counter),
    );
    observers.push(...joined.map((j) => j.socket));
    const plenaryDialect = yWebsocketDialect(
      () => `${server.wsUrl}/yjs/${sessionId}/${plenary}?token=${encodeURIComponent(observerToken)}`,
    );
    observerDocs.push(
      ...(await openMany(OBSERVERS, PARALLEL, () =>
        openClient(plenaryDialect, plenary, 'reader', () => undefined),
      )),
    );
    const rssWatched = server.rss();

    // 50 drafting groups: one writer and four readers each.
    const sent = new Map<string, Map<number, number>>();
    const latencies: number[] = [];
    let delivered = 0;
    const writers: Writer[] = [];
    const writerIds = new Map<string, number>();
    for (const doc of target.docs) {
      sent.set(doc, new Map());
      const client = openClient(target.dialect, doc, 'writer', () => undefined);
      await client.synced;
      clients.push(client);
      const writer = new Writer(client, target.dialect, doc);
      writerIds.set(doc, writer.clientId);
      writers.push(writer);
    }
    clients.push(
      ...(await openMany(target.docs.length * 4, PARALLEL, (i) => {
        const doc = target.docs[i % target.docs.length]!;
        const seen = new Set<number>();
        return openClient(target.dialect, doc, 'reader', (update, at) => {
          for (const key of updateKeys(update, writerIds.get(doc)!)) {
            const at0 = sent.get(doc)!.get(key);
            if (at0 === undefined || seen.has(key)) continue;
            seen.add(key);
            delivered++;
            latencies.push(at - at0);
          }
        });
      })),
    );
    const facilitator = joinMember(server, facilitatorToken, 'Facilitator', { events: 0 });
    const fac = await facilitator.joined;
    observers.push(fac.socket);

    const eventsBefore = counter.events;
    const cpuBefore = server.cpuMs();
    let total = 0;
    const stops: (() => void)[] = [];
    const ticks = writers.map((writer, i) =>
      setTimeout(
        () => {
          const interval = setInterval(() => {
            sent.get(target.docs[i]!)!.set(writer.insert('x'), performance.now());
            total++;
          }, 100);
          stops.push(() => clearInterval(interval));
        },
        (i * 100) / writers.length,
      ),
    );
    let announcements = 0;
    const announcing = setInterval(() => {
      announcements++;
      fac.socket.emit(
        'command',
        { type: 'announcement.make', text: `Annonce ${announcements}` },
        () => undefined,
      );
    }, 2_000);
    await sleep(15_000);
    clearInterval(announcing);
    for (const t of ticks) clearTimeout(t);
    for (const stop of stops) stop();
    const expected = total * 4;
    const deadline = Date.now() + 5_000;
    while (delivered < expected && Date.now() < deadline) await sleep(20);
    const cpuMs = server.cpuMs() - cpuBefore;
    return {
      observers: OBSERVERS,
      groups: target.docs.length,
      latencyMs: summary(latencies),
      delivered,
      expected,
      sessionMessagesToObservers: counter.events - eventsBefore,
      announcements,
      serverCpuMicrosPerDelivery: round((cpuMs * 1000) / Math.max(1, delivered), 1),
      rssMiB: {
        before: round(rssBefore / MiB, 1),
        watched: round(rssWatched / MiB, 1),
        end: round(server.rss() / MiB, 1),
      },
    };
  } finally {
    for (const c of [...clients, ...observerDocs]) c.close();
    for (const s of observers) s.disconnect();
    await server.stop();
  }
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/** The fan-out load for SOAK_MS on one server, its RSS sampled every 10 s. */
async function soakOn(server: ServerProcess, target: Target) {
  const samples: [number, number][] = [];
  const t0 = performance.now();
  const sampler = setInterval(
    () => samples.push([(performance.now() - t0) / 60_000, server.rss() / MiB]),
    10_000,
  );
  const result = await fanOut(target, { clientsPerDoc: 20, intervalMs: 100, durationMs: SOAK_MS });
  clearInterval(sampler);
  const tail = samples.slice(Math.floor(samples.length / 5));
  return {
    minutes: round(SOAK_MS / 60_000, 1),
    rssSlopeMiBPerMinute: round(slope(tail), 3),
    rssMiB: {
      first: round(samples[0]?.[1] ?? NaN, 1),
      median: round(median(samples.map((s) => s[1])), 1),
      last: round(samples.at(-1)?.[1] ?? NaN, 1),
    },
    // Every update inserts one character: the documents grow by this much over the soak, on every server.
    charactersInserted: result.sent,
    latencyMs: result.latencyMs,
    delivered: result.delivered,
    expected: result.expected,
    cpuMicrosPerDelivery: result.cpuMicrosPerDelivery,
  };
}

/**
 * The soak on Palabre as deployed and then (unless BENCH_SOAK_REFERENCE=0) on the reference y-websocket
 * server, one after the other: the documents grow with every insert on both, so the reference's slope is
 * the baseline for "flat" (what the documents' own growth costs in a server that keeps nothing else).
 */
async function soak() {
  const out: Record<string, unknown> = {};
  const palabre = await startPalabre('file', LIMITS);
  try {
    out.palabre = await soakOn(palabre, await palabreTarget(palabre, 50));
  } finally {
    await palabre.stop();
  }
  if (process.env.BENCH_SOAK_REFERENCE !== '0') {
    const started = await startYWebsocketServer();
    if ('unavailable' in started) {
      out.reference = started.unavailable;
    } else {
      try {
        out.reference = await soakOn(
          started,
          referenceTarget(
            started,
            yWebsocketDialect((doc) => `${started.wsUrl}/${doc}`),
            50,
          ),
        );
      } finally {
        await started.stop();
      }
    }
  }
  return out;
}

type Step = Awaited<ReturnType<typeof idleMembers>>['steps'][number];

/** After / before per step that both ramps reached with the same member count (rounded to 0.01). */
function stepRatios(before: Step[], after: Step[]) {
  const keys = ['stepWallS', 'serverCpuMsPerJoin', 'sessionMessagesReceived', 'healthzMs', 'rssMiB'] as const;
  return before.flatMap((b) => {
    const a = after.find((x) => x.members === b.members);
    if (!a) return [];
    return [{ members: b.members, ...Object.fromEntries(keys.map((k) => [k, round(a[k] / b[k], 2)])) }];
  });
}

export async function run() {
  const out: Record<string, unknown> = {};
  if (PARTS.includes('members')) {
    // Each window in turn (0: every batch pushed at once, the behaviour before batching) on the same ramp.
    const runs: Record<string, unknown> = {};
    for (const batchMs of BATCH_WINDOWS) {
      const after = `EVENT_BATCH_MS=${batchMs}`;
      if (!BEFORE) {
        runs[after] = await idleMembers(batchMs, MEMBERS);
        continue;
      }
      const before = await idleMembers(batchMs, BEFORE_MEMBERS, BEFORE);
      runs[`before ${after}`] = before;
      runs[after] = await idleMembers(batchMs, MEMBERS);
      runs[`ratios after/before ${after}`] = stepRatios(before.steps, (runs[after] as typeof before).steps);
    }
    out.idleMembers = runs;
    if (MEMBERS < WANTED_MEMBERS) {
      out.openFilesLimit = `${FILE_LIMIT} open files per process: the ramp stops at ${MEMBERS} members instead of ${WANTED_MEMBERS} (two connections each, ${SPARE_FILES} descriptors kept aside)`;
    }
  }
  if (PARTS.includes('plenary')) out.plenaryWhileDrafting = await plenaryWhileDrafting();
  if (PARTS.includes('soak')) out.soak = await soak();
  return out;
}
