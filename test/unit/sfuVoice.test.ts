import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { recordingLog } from '../helpers/recordingLog.js';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { SessionService } from '../../server/core/sessionService.js';
import {
  MUTE_RETRY_DELAYS_MS,
  MUTE_TIMEOUT_MS,
  RECONNECT_DELAYS_MS,
  SfuVoice,
} from '../../server/core/voice/sfuVoice.js';
import type { MediaParticipant, MediaServer } from '../../server/ports/mediaServer.js';
import { seenTurnId } from '../../shared/session/floor/expectations.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { debateWithSpeaker, sessionDriver } from '../helpers/sessionDriver.js';

/**
 * SFU voice when the media server fails (server/core/voice/sfuVoice.ts): a mute it refuses must fail closed
 * (the member leaves the room rather than stay heard), and a lost connection must not leave stale peers.
 * The media server is a test double of the MediaServer port, in memory; the session service is real.
 */

const P = PLENARY_ID;

/** A participant of the fake media server: its room, whether the mix leaves it out, what it was told. */
class FakeParticipant implements MediaParticipant {
  answerSdp = 'v=0 answer';
  left = false;
  /** setMuted calls, in order. */
  calls: boolean[] = [];
  /** How many of the next setMuted calls reject (Infinity: all of them). */
  failing = 0;
  /** setMuted never answers while set. */
  hanging = false;

  constructor(
    readonly room: number,
    readonly label: string,
    public muted: boolean,
  ) {}

  setMuted(muted: boolean): Promise<void> {
    this.calls.push(muted);
    if (this.hanging) return new Promise(() => undefined);
    if (this.failing > 0) {
      this.failing--;
      return Promise.reject(new Error('janus: 500 request failed'));
    }
    this.muted = muted;
    return Promise.resolve();
  }

  trickle(): Promise<void> {
    return Promise.resolve();
  }

  leave(): Promise<void> {
    this.left = true;
    return Promise.resolve();
  }
}

/** A MediaServer in memory: who is in the mix, unmuted, is what a listener would hear. */
class FakeMediaServer implements MediaServer {
  participants: FakeParticipant[] = [];
  reachable = true;
  probes = 0;
  private readonly lost = new Set<(err: unknown) => void>();

  join(room: number, options: { muted: boolean; label: string }): Promise<MediaParticipant> {
    if (!this.reachable) return Promise.reject(new Error('connection refused'));
    const p = new FakeParticipant(room, options.label, options.muted);
    this.participants.push(p);
    return Promise.resolve(p);
  }

  probe(): Promise<void> {
    this.probes++;
    return this.reachable ? Promise.resolve() : Promise.reject(new Error('connection refused'));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  onDisconnected(listener: (err: unknown) => void): () => void {
    this.lost.add(listener);
    return () => this.lost.delete(listener);
  }

  /** The connection drops: every participant is gone with it. */
  disconnect(): void {
    this.reachable = false;
    for (const p of this.participants) p.left = true;
    for (const listener of this.lost) listener(new Error('connection closed'));
  }

  /** Member ids heard in the mix: in a room and unmuted. */
  heard(): string[] {
    return this.participants.filter((p) => !p.left && !p.muted).map((p) => p.label);
  }

  of(memberId: string): FakeParticipant {
    const found = this.participants.filter((p) => p.label === memberId).at(-1);
    if (!found) throw new Error(`${memberId} never joined`);
    return found;
  }
}

/** Lets the promise chains run until `done` holds (or fails after a second of real time). */
const until = (done: () => boolean) => vi.waitFor(() => expect(done()).toBe(true), { timeout: 1000 });

/**
 * A debate (facilitator F, Ana holding the floor, Ben waiting), each of the three joined to the fake media
 * server through SfuVoice from sockets `s-F`, `s-Ana`, `s-Ben`; renegotiations and errors recorded.
 */
async function sfuDebate() {
  const clock = new FakeClock();
  const sessions = new SessionService(new MemoryEventStore(), clock);
  const media = new FakeMediaServer();
  const logged: { level: string; msg: string }[] = [];
  const log = recordingLog((level, msg) => {
    if (level !== 'debug') logged.push({ level, msg });
  });
  const renegotiated: [string, string][] = [];
  const voice = new SfuVoice({
    sessions,
    media,
    log,
    clock,
    renegotiate: (socketId, reason) => void renegotiated.push([socketId, reason]),
  });
  voice.start();
  onTestFinished(async () => {
    await voice.stop();
    await sessions.close();
  });
  const { id } = await sessions.create({
    title: 'Voice',
    agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 600 }],
  });
  const driver = sessionDriver(sessions, id);
  const { fac, ana, ben } = await debateWithSpeaker(driver);
  const members = { F: fac, Ana: ana, Ben: ben };
  for (const [name, m] of Object.entries(members)) {
    const ack = await voice.request(
      { id: `s-${name}`, sessionId: id, memberId: m.memberId },
      { kind: 'offer', sdp: 'v=0 offer' },
    );
    expect(ack.ok).toBe(true);
  }
  const giveToBen = async () => {
    const turnId = seenTurnId((await sessions.get(id))!, P);
    await driver.run({ type: 'floor.give', groupId: P, memberId: ben.memberId, turnId }, fac);
  };
  /** Lets the chains in flight arm their timers, then moves the clock `ms` on. */
  const advance = async (ms: number) => {
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(ms);
  };
  return { clock, media, voice, logged, renegotiated, fac, ana, ben, giveToBen, advance };
}

describe('SFU voice when the media server fails', () => {
  it('a mute the media server keeps refusing takes the former speaker out of the room, and asks their socket to offer again', async () => {
    const { media, voice, logged, renegotiated, ana, ben, giveToBen, advance } = await sfuDebate();
    expect(media.heard()).toEqual([ana.memberId]);
    media.of(ana.memberId).failing = Infinity;

    await giveToBen();
    await until(() => media.of(ana.memberId).calls.length === 1);
    // Refused once: retried after a short wait, still in the room meanwhile.
    expect(media.of(ana.memberId).left).toBe(false);
    for (const [i, delay] of MUTE_RETRY_DELAYS_MS.entries()) {
      await until(() => media.of(ana.memberId).calls.length === i + 1);
      expect(media.of(ana.memberId).left).toBe(false);
      await advance(delay);
    }
    await until(() => renegotiated.length === 1);

    expect(media.of(ana.memberId).calls).toEqual(Array(MUTE_RETRY_DELAYS_MS.length + 1).fill(true));
    expect(media.heard()).toEqual([ben.memberId]);
    expect(renegotiated).toEqual([['s-Ana', 'restarted']]);
    expect(Object.keys(voice.mutedBySocket()).sort()).toEqual(['s-Ben', 's-F']);
    expect(logged).toContainEqual({
      level: 'error',
      msg: 'could not mute on the media server; removing the member from the room',
    });
  });

  it('a mute refused once and taken on the retry keeps the member in the room, muted', async () => {
    const { media, renegotiated, ana, ben, giveToBen, advance } = await sfuDebate();
    media.of(ana.memberId).failing = 1;
    await giveToBen();
    await until(() => media.of(ana.memberId).calls.length === 1);
    await advance(MUTE_RETRY_DELAYS_MS[0]!);
    await until(() => media.of(ana.memberId).muted);
    expect(media.of(ana.memberId).left).toBe(false);
    expect(media.heard()).toEqual([ben.memberId]);
    expect(renegotiated).toEqual([]);
  });

  it('a mute the media server never answers counts as refused: the member is taken out all the same', async () => {
    const { media, renegotiated, ana, ben, giveToBen, advance } = await sfuDebate();
    media.of(ana.memberId).hanging = true;
    await giveToBen();
    for (const [i, delay] of MUTE_RETRY_DELAYS_MS.entries()) {
      await until(() => media.of(ana.memberId).calls.length === i + 1);
      await advance(MUTE_TIMEOUT_MS);
      expect(media.of(ana.memberId).left).toBe(false);
      await advance(delay);
    }
    await until(() => media.of(ana.memberId).calls.length === MUTE_RETRY_DELAYS_MS.length + 1);
    await advance(MUTE_TIMEOUT_MS);
    await until(() => renegotiated.length === 1);
    expect(media.heard()).toEqual([ben.memberId]);
    expect(renegotiated).toEqual([['s-Ana', 'restarted']]);
  });

  it('an unmute that keeps failing is retried, then reported; the member stays muted and in the room', async () => {
    const { media, logged, renegotiated, ben, giveToBen, advance } = await sfuDebate();
    media.of(ben.memberId).failing = Infinity;
    await giveToBen();
    for (const [i, delay] of MUTE_RETRY_DELAYS_MS.entries()) {
      await until(() => media.of(ben.memberId).calls.length === i + 1);
      await advance(delay);
    }
    await until(() => logged.some((l) => l.level === 'error'));
    expect(media.of(ben.memberId).calls).toEqual(Array(MUTE_RETRY_DELAYS_MS.length + 1).fill(false));
    expect(logged).toContainEqual({
      level: 'error',
      msg: 'could not unmute on the media server; the member stays muted',
    });
    expect(media.heard()).toEqual([]);
    expect(media.of(ben.memberId).left).toBe(false);
    expect(renegotiated).toEqual([]);
  });

  it('a lost connection drops every peer, and each socket is asked to offer again once the media server answers', async () => {
    const { media, voice, renegotiated, ana, giveToBen, advance } = await sfuDebate();
    const before = media.participants.length;
    media.disconnect();
    expect(voice.mutedBySocket()).toEqual({});
    // No stale peer: a floor change afterwards tells the dead participants nothing.
    await giveToBen();
    expect(media.of(ana.memberId).calls).toEqual([]);
    // Still down: joins are refused as unavailable, nobody is asked to offer yet.
    await until(() => media.probes === 1);
    expect(renegotiated).toEqual([]);
    voice.socketClosed('s-F');
    await advance(RECONNECT_DELAYS_MS[0]!);
    await until(() => media.probes === 2);
    expect(renegotiated).toEqual([]);
    media.reachable = true;
    await advance(RECONNECT_DELAYS_MS[1]!);
    await until(() => renegotiated.length === 2);
    expect(renegotiated.sort()).toEqual([
      ['s-Ana', 'restarted'],
      ['s-Ben', 'restarted'],
    ]);
    expect(media.participants).toHaveLength(before);
  });
});
