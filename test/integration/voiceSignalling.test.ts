import { describe, expect, it } from 'vitest';
import type { PalabreClient } from '../../client/sdk/palabreClient.js';
import type { SignalAck } from '../../shared/protocol.js';
import type { RelayedSignal, VoiceSignal } from '../../shared/voiceProtocol.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { createLogger } from '../../server/log.js';
import { freePort } from '../helpers/redis.js';
import { connectClient, startServer } from '../helpers/server.js';

const P = PLENARY_ID;
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

/** Sends a raw signalling message, as any client could. */
function signal(client: PalabreClient, message: unknown): Promise<SignalAck> {
  return client.socket.timeout(5000).emitWithAck('voice.signal', message as VoiceSignal);
}

/** Every signalling message a client receives, in order, with a way to wait for the next one. */
function inbox(client: PalabreClient) {
  const received: RelayedSignal[] = [];
  const waiters: (() => void)[] = [];
  let read = 0;
  client.socket.on('voice.signal', (s) => {
    received.push(s);
    for (const w of waiters.splice(0)) w();
  });
  return {
    received,
    /** The next message not read yet (waits for it). */
    async next(): Promise<RelayedSignal> {
      const count = ++read;
      while (received.length < count) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no signal arrived')), 5000);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received[count - 1]!;
    },
  };
}

/** A live debate with a facilitator, Ana, Ben, an observer and Dan in a breakout group. */
async function room(env: Record<string, string> = {}) {
  const server = await startServer({ env });
  const { invites } = await server.createSession({
    agenda: [{ id: 'debate', kind: 'debate', durationSec: 600, turnSec: 600 }],
    groups: [{ name: 'Mobilités' }],
  });
  const join = (token: string, name: string) => connectClient(server.url, { token, name });
  const fac = await join(invites.facilitator.token, 'Fatou');
  const ana = await join(invites.participant.token, 'Ana');
  const ben = await join(invites.participant.token, 'Ben');
  const dan = await join(invites.participant.token, 'Dan');
  const obs = await join(invites.observer.token, 'Presse');
  expect((await fac.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).ok).toBe(true);
  const breakout = fac.state!.groupOrder.find((g) => g !== P)!;
  expect((await fac.command({ type: 'member.move', memberId: dan.memberId!, groupId: breakout })).ok).toBe(
    true,
  );
  const give = async (who: PalabreClient) => {
    const turnId = fac.state!.groups[P]!.queue.turn?.turnId ?? null;
    const ack = await fac.command({ type: 'floor.give', groupId: P, memberId: who.memberId!, turnId });
    expect(ack.ok).toBe(true);
    // The server decides on its own state, which has the turn once the ack is back.
    await who.waitFor((s) => s.groups[P]!.queue.turn?.memberId === who.memberId);
  };
  return { server, fac, ana, ben, dan, obs, breakout, give };
}

describe('voice signalling over socket.io (embedded mode)', () => {
  it('tells every client how voice travels and which ICE servers to use', async () => {
    const { ana } = await room({
      ICE_SERVERS: 'stun:127.0.0.1:3478,turn:127.0.0.1:3478',
      TURN_USERNAME: 'u',
      TURN_CREDENTIAL: 'p',
    });
    expect(ana.welcome!.voice).toEqual({
      mode: 'embedded',
      candidates: 'all',
      iceServers: [
        { urls: ['stun:127.0.0.1:3478'] },
        { urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'p' },
      ],
    });
  });

  it('relays the floor holder’s offer, the answer and candidates between members of the group', async () => {
    const { ana, ben, obs, give } = await room();
    const anaIn = inbox(ana);
    const benIn = inbox(ben);
    const obsIn = inbox(obs);
    await give(ana);
    // Ben asks the speaker for her voice; she offers.
    expect(await signal(ben, { kind: 'ready', to: ana.memberId })).toEqual({ ok: true });
    expect(await anaIn.next()).toEqual({ kind: 'ready', from: ben.memberId });
    expect(await signal(ana, { kind: 'offer', to: ben.memberId, connection: 'c1', sdp: SDP })).toEqual({
      ok: true,
    });
    expect(await benIn.next()).toEqual({ kind: 'offer', from: ana.memberId, connection: 'c1', sdp: SDP });
    expect(await signal(ben, { kind: 'answer', to: ana.memberId, connection: 'c1', sdp: SDP })).toEqual({
      ok: true,
    });
    expect(await anaIn.next()).toMatchObject({ kind: 'answer', from: ben.memberId, connection: 'c1' });
    const candidate = {
      candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    };
    expect(await signal(ben, { kind: 'candidate', to: ana.memberId, connection: 'c1', candidate })).toEqual({
      ok: true,
    });
    expect(await anaIn.next()).toEqual({
      kind: 'candidate',
      from: ben.memberId,
      connection: 'c1',
      candidate,
    });
    expect(
      await signal(ana, { kind: 'candidate', to: ben.memberId, connection: 'c1', candidate: null }),
    ).toEqual({ ok: true });
    expect(await benIn.next()).toMatchObject({ kind: 'candidate', candidate: null });
    // Observers listen: they get offers and answer them.
    expect(await signal(ana, { kind: 'offer', to: obs.memberId, connection: 'c2', sdp: SDP })).toEqual({
      ok: true,
    });
    expect(await obsIn.next()).toMatchObject({ kind: 'offer', from: ana.memberId });
    expect(await signal(obs, { kind: 'answer', to: ana.memberId, connection: 'c2', sdp: SDP })).toEqual({
      ok: true,
    });
    expect(await anaIn.next()).toMatchObject({ kind: 'answer', from: obs.memberId });
  });

  it('refuses to carry anything from a member who may not be heard, and relays nothing of it', async () => {
    const { fac, ana, ben, obs, give } = await room();
    const anaIn = inbox(ana);
    const benIn = inbox(ben);
    // Nobody has the floor: Ben cannot offer, nor can the observer, nor a facilitator with the microphone off.
    for (const [from, to] of [
      [ben, ana],
      [obs, ana],
      [fac, ana],
    ] as const) {
      const ack = await signal(from, { kind: 'offer', to: to.memberId, connection: 'x', sdp: SDP });
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await give(ana);
    // Ben is not the speaker: his offer and a candidate towards a non-speaker are refused, an answer to a
    // non-speaker too.
    expect(await signal(ben, { kind: 'offer', to: ana.memberId, connection: 'x', sdp: SDP })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await signal(ben, { kind: 'ready', to: obs.memberId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await signal(ben, { kind: 'answer', to: obs.memberId, connection: 'x', sdp: SDP })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await signal(ben, { kind: 'candidate', to: obs.memberId, connection: 'x', candidate: null }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // The floor moves to Ben: now Ana's offers are refused and Ben's go through. The first message each
    // received is the first allowed one: nothing refused was relayed.
    await give(ben);
    expect(await signal(ana, { kind: 'offer', to: ben.memberId, connection: 'y', sdp: SDP })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await signal(ben, { kind: 'offer', to: ana.memberId, connection: 'z', sdp: SDP })).toEqual({
      ok: true,
    });
    expect(await anaIn.next()).toMatchObject({ kind: 'offer', from: ben.memberId, connection: 'z' });
    expect(anaIn.received).toHaveLength(1);
    expect(benIn.received).toHaveLength(0);
    // A facilitator who switches the microphone on may be heard.
    expect((await fac.command({ type: 'microphone.set', on: true })).ok).toBe(true);
    await fac.waitFor((s) => s.voice?.microphones[fac.memberId!] === true);
    expect(await signal(fac, { kind: 'offer', to: ana.memberId, connection: 'f', sdp: SDP })).toEqual({
      ok: true,
    });
  });

  it('keeps each group to itself; hanging up is never refused', async () => {
    const { ana, dan, give } = await room();
    const danIn = inbox(dan);
    await give(ana);
    expect(await signal(ana, { kind: 'offer', to: dan.memberId, connection: 'g', sdp: SDP })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/own group/) },
    });
    expect(await signal(ana, { kind: 'bye', to: dan.memberId, connection: 'g' })).toEqual({ ok: true });
    expect(await danIn.next()).toEqual({ kind: 'bye', from: ana.memberId, connection: 'g' });
    expect(danIn.received).toHaveLength(1);
  });

  it('refuses malformed messages, unknown members and floods', async () => {
    const { ana, ben, give } = await room({ VOICE_SIGNAL_RATE: '1' });
    await give(ana);
    for (const bad of [
      { kind: 'offer', to: ben.memberId, connection: 'c', sdp: 'x'.repeat(17 * 1024) },
      { kind: 'shout', to: ben.memberId, connection: 'c' },
      { kind: 'offer', to: ben.memberId, sdp: SDP },
      { kind: 'bye', to: ben.memberId, connection: 'c', extra: 1 },
      'offer',
    ]) {
      expect(await signal(ana, bad)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(await signal(ana, { kind: 'offer', to: 'nobody', connection: 'c', sdp: SDP })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await signal(ana, { kind: 'offer', to: ana.memberId, connection: 'c', sdp: SDP })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    // One message a second, bursts of ten: thirty at once cannot all pass.
    const acks = await Promise.all(
      Array.from({ length: 30 }, () => signal(ana, { kind: 'bye', to: ben.memberId, connection: 'c' })),
    );
    expect(acks.filter((a) => !a.ok && a.error.code === 'rate_limited').length).toBeGreaterThan(0);
  });

  it('refuses browser-to-browser signalling when voice goes through the SFU', async () => {
    const { ana, ben, give } = await room({ MEDIA_MODE: 'sfu' });
    expect(ana.welcome!.voice?.mode).toBe('sfu');
    await give(ana);
    expect(await signal(ana, { kind: 'offer', to: ben.memberId, connection: 'c', sdp: SDP })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });

  it('says at start-up when the media server of SFU mode cannot be reached', async () => {
    const lines: { level: string; msg: string; url?: string }[] = [];
    const log = createLogger('info', (line) => lines.push(JSON.parse(line) as (typeof lines)[number]));
    // A port nobody listens on: janode tries, retries, then gives up.
    const url = `ws://127.0.0.1:${await freePort()}`;
    await startServer({ env: { MEDIA_MODE: 'sfu', JANUS_URL: url }, overrides: { log } });
    await expect
      .poll(() => lines.find((l) => l.msg.startsWith('media server unreachable')), { timeout: 15_000 })
      .toMatchObject({ level: 'warn', url });
  });
});
