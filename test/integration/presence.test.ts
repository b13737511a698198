import { describe, expect, inject, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PLENARY_ID } from '../../shared/session/types.js';
import { seenTurnId } from '../../shared/session/floor/expectations.js';
import { startProcess } from '../helpers/processes.js';
import type { ServerProcess } from '../helpers/processes.js';
import { uniquePrefix } from '../helpers/redis.js';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { ADMIN_TOKEN, connectClient } from '../helpers/server.js';
import { startTcpProxy } from '../helpers/tcpProxy.js';

/**
 * Issue #13, over three real processes sharing a real Redis, with stock y-websocket clients and
 * socket.io-client. Leases are short here (1.5 s, renewed every 0.5 s) so that a dead process is noticed
 * within ~2 s; the bounds below are the time each right answer may take (poll timeouts), never sleeps.
 */
const LEASE_MS = 1500;
/** A newcomer or a returning client: sees (or is seen) at once. */
const AT_ONCE_MS = 3000;
/** A process died: its lease lapses (≤ 1⅓ lease) and a survivor's next tick (≤ ⅓ lease) announces it. */
const AFTER_DEATH_MS = 2 * LEASE_MS + 3000;
/** A stalled process resumes: its next tick (overdue, ≤ ⅓ lease) finds its lease claimed and rejoins. */
const BACK_MS = LEASE_MS + AT_ONCE_MS;
/** ioredis reconnects after a cut within its back-off (≤ 2 s in Palabre's connection settings). */
const REDIS_RECONNECT_MS = 3000;

async function cluster(graceMs = 300, count = 3, leaseMs = LEASE_MS) {
  const env = {
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: uniquePrefix('presence'),
    PRESENCE_LEASE_MS: String(leaseMs),
    PRESENCE_GRACE_MS: String(graceMs),
  };
  const processes = await Promise.all(Array.from({ length: count }, () => startProcess(env)));
  return { processes, ...(await createSession(processes[0]!)) };
}

async function createSession(proc: ServerProcess) {
  const created = (await fetch(`${proc.url}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Présences', groups: [{ name: 'Mobilités' }] }),
  }).then((r) => r.json())) as { session: { id: string; groupOrder: string[] }; invites: any };
  return { sessionId: created.session.id, invites: created.invites };
}

/** A stock y-websocket client with a name in its awareness state. */
function document(proc: ServerProcess, sessionId: string, token: string, name: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(
    `${proc.url.replace(/^http/, 'ws')}/yjs/${sessionId}`,
    PLENARY_ID,
    doc,
    {
      params: { token },
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
      maxBackoffTime: 200,
    },
  );
  provider.awareness.setLocalStateField('user', { name });
  onTestFinished(() => provider.destroy());
  const names = () =>
    [...provider.awareness.getStates().entries()]
      .filter(([client]) => client !== doc.clientID)
      .map(([, state]) => (state as { user?: { name?: string } }).user?.name)
      .sort();
  return { doc, provider, names };
}

/**
 * A member's client that knows two processes and moves to the second when the first goes, trying again every
 * `delayMs` (no jitter); closed when the test ends.
 */
async function failingOver(
  processes: ServerProcess[],
  token: string,
  name: string,
  delayMs: number,
): Promise<PalabreClient> {
  const client = new PalabreClient({
    url: processes.map((p) => p.url),
    token,
    name,
    failoverAfter: 1,
    socket: { reconnectionDelay: delayMs, reconnectionDelayMax: delayMs, randomizationFactor: 0 },
  });
  onTestFinished(() => client.close());
  await client.connect();
  return client;
}

/**
 * Debate phase with `speakerDrop: 'end'`; `speaker` (then `waiting`, if given) raise their hands and the
 * facilitator gives `speaker` the floor; resolves once the facilitator sees the turn.
 */
async function speakerHasFloor(fac: PalabreClient, speaker: PalabreClient, waiting?: PalabreClient) {
  expect(await fac.command({ type: 'settings.update', speakerDrop: 'end' })).toMatchObject({ ok: true });
  expect(await fac.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p3' } })).toMatchObject({
    ok: true,
  });
  await speaker.command({ type: 'hand.raise' });
  await waiting?.command({ type: 'hand.raise' });
  const given = await fac.command({
    type: 'floor.give',
    groupId: PLENARY_ID,
    turnId: seenTurnId(fac.state!, PLENARY_ID),
  });
  expect(given).toMatchObject({ ok: true });
  await fac.waitFor((s) => s.groups[PLENARY_ID]!.queue.turn?.memberId === speaker.memberId);
}

/**
 * Ana is connected to P1 (socket.io and a stock y-websocket provider), Fatou watches from P2. For two
 * rounds: `interrupt` P1 longer than its lease, until P2 announces Ana gone (session and document); then
 * `resume` it. P1 finds its lease claimed and shows Ana again, to Fatou and to a newcomer on P2, within
 * `backMs`.
 */
async function claimedWhileAlive(
  p1: ServerProcess,
  p2: ServerProcess,
  sessionId: string,
  invites: any,
  how: { interrupt: () => void; resume: () => void; backMs?: number },
) {
  const backMs = how.backMs ?? BACK_MS;
  const ana = await connectClient(p1.url, { token: invites.participant.token, name: 'Ana' });
  const fac = await connectClient(p2.url, { token: invites.facilitator.token, name: 'Fatou' });
  const anaDoc = document(p1, sessionId, ana.welcome!.resumeToken, 'Ana');
  const watcher = document(p2, sessionId, fac.welcome!.resumeToken, 'Fatou');
  await expect.poll(watcher.names, { timeout: AT_ONCE_MS }).toEqual(['Ana']);
  for (let round = 0; round < 2; round++) {
    how.interrupt();
    try {
      await fac.waitFor((s) => !s.members[ana.memberId!]!.connected, AFTER_DEATH_MS);
      await expect.poll(watcher.names, { timeout: AFTER_DEATH_MS }).toEqual([]);
    } finally {
      how.resume();
    }
    // P1 is back with Ana's connections still open: she is here again, for those who watched and for a
    // newcomer, in the session and in the document.
    await fac.waitFor((s) => s.members[ana.memberId!]!.connected, backMs);
    await expect.poll(watcher.names, { timeout: backMs }).toEqual(['Ana']);
    const late = await connectClient(p2.url, { token: invites.participant.token, name: `Late${round}` });
    expect(late.state!.members[ana.memberId!]!.connected).toBe(true);
    const lateDoc = document(p2, sessionId, late.welcome!.resumeToken, `Late${round}`);
    await expect.poll(lateDoc.names, { timeout: AT_ONCE_MS }).toContain('Ana');
    lateDoc.provider.destroy();
  }
  expect(anaDoc.provider.wsconnected).toBe(true);
}

describe('presence across processes', { timeout: 60_000 }, () => {
  it('a newcomer on another process sees who is there at once, both ways', async () => {
    const { processes, sessionId, invites } = await cluster();
    const [p1, p2] = processes as [ServerProcess, ServerProcess, ServerProcess];
    const ana = await connectClient(p1.url, { token: invites.participant.token, name: 'Ana' });
    const ben = await connectClient(p2.url, { token: invites.participant.token, name: 'Ben' });
    const onP1 = document(p1, sessionId, ana.welcome!.resumeToken, 'Ana');
    await expect.poll(() => onP1.provider.synced).toBe(true);
    // The document is not loaded on P2 yet: Ben opens it there after Ana announced herself on P1.
    const onP2 = document(p2, sessionId, ben.welcome!.resumeToken, 'Ben');
    await expect.poll(onP2.names, { timeout: AT_ONCE_MS }).toEqual(['Ana']);
    await expect.poll(onP1.names, { timeout: AT_ONCE_MS }).toEqual(['Ben']);
    // The control plane agrees, on every process.
    for (const client of [ana, ben]) {
      await client.waitFor((s) => s.members[ana.memberId!]!.connected && s.members[ben.memberId!]!.connected);
    }
  });

  it('when a process dies, its members and their cursors are gone for everyone, and stay gone', async () => {
    const { processes, sessionId, invites } = await cluster();
    const [p1, p2, p3] = processes as [ServerProcess, ServerProcess, ServerProcess];
    const ana = await connectClient(p1.url, { token: invites.participant.token, name: 'Ana' });
    const fac = await connectClient(p3.url, { token: invites.facilitator.token, name: 'Fatou' });
    const anaDoc = document(p1, sessionId, ana.welcome!.resumeToken, 'Ana');
    const watcher = document(p3, sessionId, fac.welcome!.resumeToken, 'Fatou');
    await expect.poll(watcher.names, { timeout: AT_ONCE_MS }).toEqual(['Ana']);

    await p1.kill('SIGKILL');
    anaDoc.provider.destroy();
    // Ana's control-plane connection died with P1 (this client does not reconnect): she is gone.
    await fac.waitFor((s) => !s.members[ana.memberId!]!.connected, AFTER_DEATH_MS);
    await expect.poll(watcher.names, { timeout: AFTER_DEATH_MS }).toEqual([]);

    // Her page reconnects to P2 with the same document (same client id), then leaves for good.
    const again = document(p2, sessionId, ana.welcome!.resumeToken, 'Ana', anaDoc.doc);
    await expect.poll(watcher.names, { timeout: AT_ONCE_MS }).toEqual(['Ana']);
    again.provider.destroy();
    await expect.poll(watcher.names, { timeout: AT_ONCE_MS }).toEqual([]);
    const newcomer = document(p3, sessionId, fac.welcome!.resumeToken, 'Late');
    await expect.poll(() => newcomer.provider.synced).toBe(true);
    expect(newcomer.names()).not.toContain('Ana');
  });

  it('a process stalled past its lease is claimed, then shows its members and cursors again', async () => {
    const { processes, sessionId, invites } = await cluster(300, 2);
    const [p1, p2] = processes as [ServerProcess, ServerProcess];
    const pid = p1.child.pid!;
    onTestFinished(() => void process.kill(pid, 'SIGCONT'));
    // A stall longer than the lease (GC, CPU starvation): what P2 publishes meanwhile waits in P1's sockets.
    await claimedWhileAlive(p1, p2, sessionId, invites, {
      interrupt: () => void process.kill(pid, 'SIGSTOP'),
      resume: () => void process.kill(pid, 'SIGCONT'),
    });
  });

  it('a process cut off from Redis past its lease is claimed, then shows its members and cursors again', async () => {
    const redisUrl = inject('redisUrl');
    const prefix = uniquePrefix('presence');
    // P1 reaches Redis through a proxy the test cuts: what P2 publishes meanwhile never reaches P1.
    const proxy = await startTcpProxy([redisUrl.replace(/^redis/, 'http')]);
    const env = { REDIS_PREFIX: prefix, PRESENCE_LEASE_MS: String(LEASE_MS), PRESENCE_GRACE_MS: '300' };
    const [p1, p2] = await Promise.all([
      startProcess({ ...env, REDIS_URL: proxy.url.replace(/^http/, 'redis') }),
      startProcess({ ...env, REDIS_URL: redisUrl }),
    ]);
    const { sessionId, invites } = await createSession(p2);
    await claimedWhileAlive(p1, p2, sessionId, invites, {
      interrupt: () => proxy.cut(),
      resume: () => proxy.restore(),
      backMs: BACK_MS + REDIS_RECONNECT_MS,
    });
  });

  it('her process dies, her pages move to another one before its lease lapses, then she leaves: gone for all', async () => {
    // A longer lease here, so that her pages are back (on P2, ~0.1 s) well before P1's lease can lapse.
    const LONG_LEASE_MS = 4000;
    const afterDeathMs = 2 * LONG_LEASE_MS + 3000;
    const { processes, sessionId, invites } = await cluster(300, 3, LONG_LEASE_MS);
    const [p1, p2, p3] = processes as [ServerProcess, ServerProcess, ServerProcess];
    const fac = await connectClient(p3.url, { token: invites.facilitator.token, name: 'Fatou' });
    const watcher = document(p3, sessionId, fac.welcome!.resumeToken, 'Fatou');
    const ana = await failingOver([p1, p2], invites.participant.token, 'Ana', 100);
    await fac.waitFor((s) => s.members[ana.memberId!]?.connected === true);
    const anaDoc = document(p1, sessionId, ana.welcome!.resumeToken, 'Ana');
    await expect.poll(watcher.names, { timeout: AT_ONCE_MS }).toEqual(['Ana']);

    const welcomedAgain = new Promise((resolve) => ana.on('welcome', resolve));
    await p1.kill('SIGKILL');
    // Her page reconnects both connections to P2 with the same document (same awareness client).
    anaDoc.provider.destroy();
    const again = document(p2, sessionId, ana.welcome!.resumeToken, 'Ana', anaDoc.doc);
    await welcomedAgain;
    await expect.poll(() => again.provider.synced, { timeout: AT_ONCE_MS }).toBe(true);
    await expect.poll(watcher.names, { timeout: AT_ONCE_MS }).toEqual(['Ana']);
    // The premise: P1's lease has not lapsed yet, nobody announced her gone.
    const log = async () =>
      (
        await fetch(`${p2.url}/api/sessions/${sessionId}/log?format=json`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        }).then((r) => r.json() as Promise<{ events: { type: string; data: any }[] }>)
      ).events.filter((e) => e.type === 'member.disconnected' && e.data.memberId === ana.memberId);
    expect(await log()).toEqual([]);

    // Then she leaves for good, while P1 still holds her under its unclaimed lease.
    ana.close();
    again.provider.destroy();
    await fac.waitFor((s) => !s.members[ana.memberId!]!.connected, afterDeathMs);
    await expect.poll(watcher.names, { timeout: AT_ONCE_MS }).toEqual([]);
    for (const proc of [p2, p3]) {
      const late = await connectClient(proc.url, { token: invites.participant.token, name: 'Late' });
      expect(late.state!.members[ana.memberId!]!.connected).toBe(false);
      const lateDoc = document(proc, sessionId, late.welcome!.resumeToken, 'Late');
      await expect.poll(() => lateDoc.provider.synced).toBe(true);
      expect(lateDoc.names()).not.toContain('Ana');
      lateDoc.provider.destroy();
      late.close();
    }
    expect(await log()).toHaveLength(1);
  });

  it('a client back from a network blip is visible again at once', async () => {
    const { processes, sessionId, invites } = await cluster();
    const [p1, p2] = processes as [ServerProcess, ServerProcess, ServerProcess];
    const ana = await connectClient(p1.url, { token: invites.participant.token, name: 'Ana' });
    const ben = await connectClient(p2.url, { token: invites.participant.token, name: 'Ben' });
    const anaDoc = document(p1, sessionId, ana.welcome!.resumeToken, 'Ana');
    const benDoc = document(p2, sessionId, ben.welcome!.resumeToken, 'Ben');
    await expect.poll(benDoc.names, { timeout: AT_ONCE_MS }).toEqual(['Ana']);
    for (let blip = 0; blip < 3; blip++) {
      anaDoc.provider.disconnect();
      await expect.poll(benDoc.names, { timeout: AT_ONCE_MS }).toEqual([]);
      anaDoc.provider.connect();
      await expect.poll(benDoc.names, { timeout: AT_ONCE_MS }).toEqual(['Ana']);
    }
  });

  it('the speaker’s process dies: their turn ends, as the session says', async () => {
    const { processes, invites } = await cluster();
    const [p1, p2] = processes as [ServerProcess, ServerProcess, ServerProcess];
    const fac = await connectClient(p2.url, { token: invites.facilitator.token, name: 'Fatou' });
    const speaker = await connectClient(p1.url, { token: invites.participant.token, name: 'Ana' });
    const next = await connectClient(p2.url, { token: invites.participant.token, name: 'Ben' });
    await speakerHasFloor(fac, speaker, next);

    await p1.kill('SIGKILL');
    const after = await fac.waitFor(
      (s) => s.groups[PLENARY_ID]!.queue.turn?.memberId !== speaker.memberId,
      AFTER_DEATH_MS,
    );
    expect(after.members[speaker.memberId!]!.connected).toBe(false);
    const log = await fetch(`${p2.url}/api/sessions/${after.id}/log?format=json`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    }).then((r) => r.json() as Promise<{ events: { type: string; data: any }[] }>);
    expect(log.events.find((e) => e.type === 'turn.ended')).toMatchObject({ data: { reason: 'dropped' } });
    expect(log.events.filter((e) => e.type === 'member.disconnected').at(-1)).toMatchObject({
      data: { memberId: speaker.memberId, reason: 'lapsed' },
    });
  });

  it('a graceful stop hands its members over: the speaker moves to another process and keeps the floor', async () => {
    const GRACE_MS = 4000;
    const { processes, invites } = await cluster(GRACE_MS);
    const [p1, p2] = processes as [ServerProcess, ServerProcess, ServerProcess];
    const fac = await connectClient(p2.url, { token: invites.facilitator.token, name: 'Fatou' });
    // The speaker's client knows both processes and fails over to the second when the first goes.
    // Slower than a lapsed lease is claimed (≤ ⅓ lease), well within the grace: only a hand-over that waits for
    // the grace keeps this speaker.
    const speaker = await failingOver([p1, p2], invites.participant.token, 'Ana', 1200);
    // Chloé is on the same process and does not come back.
    const gone = await connectClient(p1.url, { token: invites.participant.token, name: 'Chloé' });
    await fac.waitFor((s) => s.members[speaker.memberId!]?.connected === true);
    await speakerHasFloor(fac, speaker);

    await p1.kill('SIGTERM');
    // Chloé, who did not come back, is announced once the handed-over lease lapses…
    const after = await fac.waitFor(
      (s) => s.members[gone.memberId!]?.connected === false,
      GRACE_MS + AFTER_DEATH_MS,
    );
    // …while the speaker, back on P2 within the grace, never left and still has the floor.
    expect(after.members[speaker.memberId!]!.connected).toBe(true);
    expect(after.groups[PLENARY_ID]!.queue.turn?.memberId).toBe(speaker.memberId);
    const log = await fetch(`${p2.url}/api/sessions/${after.id}/log?format=json`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    }).then((r) => r.json() as Promise<{ events: { type: string; data: any }[] }>);
    expect(log.events.filter((e) => e.type === 'member.disconnected').map((e) => e.data)).toEqual([
      { memberId: gone.memberId, reason: 'lapsed' },
    ]);
    expect(log.events.some((e) => e.type === 'turn.ended')).toBe(false);
  });
});
