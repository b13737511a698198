import Janode from 'janode';
import AudioBridgePlugin from 'janode/plugins/audiobridge';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PalabreClient } from '../../client/sdk/palabreClient.js';
import { mediaRoomOf } from '../../server/core/voice/sfuVoice.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { VOICE_FLAGS, join, newPerson, useBrowser } from '../e2e/browser.js';
import { startJanus } from '../helpers/janus.js';
import type { JanusServer } from '../helpers/janus.js';
import { connectClient, startServer } from '../helpers/server.js';
import { sfuListener } from '../helpers/sfuListener.js';
import type { SfuListener } from '../helpers/sfuListener.js';

const browser = useBrowser(VOICE_FLAGS);
const P = PLENARY_ID;
const LISTENERS = 50;

let janus: JanusServer;
beforeAll(async () => {
  janus = await startJanus();
});
afterAll(async () => {
  await janus?.stop();
});

/** What Janus itself says of a room: who is in it and who is muted, by member id (their label). */
async function janusView(room: number): Promise<Record<string, boolean>> {
  Janode.Logger.setLevel('none');
  const connection = await Janode.connect({ address: { url: janus.url, apisecret: janus.apiSecret } });
  try {
    const session = await connection.create();
    const handle = await session.attach(AudioBridgePlugin);
    const list: { participants: { display: string; muted: boolean }[] } = await handle.listParticipants({
      room,
    });
    return Object.fromEntries(list.participants.map((p) => [p.display, p.muted]));
  } finally {
    await connection.close();
  }
}

/** Waits until every Node listener has received `packets` more packets of the room's mix. */
async function flowing(listeners: SfuListener[], packets = 25): Promise<void> {
  const start = listeners.map((l) => l.packets);
  await expect
    .poll(() => listeners.every((l, i) => l.packets - start[i]! >= packets), { timeout: 30_000 })
    .toBe(true);
}

type RoomStats = { packets: number; energy: number };
const roomStats = (page: Page): Promise<RoomStats> =>
  page.evaluate(async () => {
    const voice = (
      window as unknown as { palabreVoice: { stats(): Promise<{ inbound: Record<string, RoomStats> }> } }
    ).palabreVoice;
    return (await voice.stats()).inbound['room'] ?? { packets: 0, energy: 0 };
  });

/**
 * The audio energy a browser decoded from the room's mix over the next `packets` packets (2 s by default):
 * W3C totalAudioEnergy, which silence leaves at ~0 and the fake microphone's tone raises.
 */
async function energyOver(page: Page, packets = 100): Promise<number> {
  const start = await roomStats(page);
  await expect
    .poll(async () => (await roomStats(page)).packets - start.packets, { timeout: 30_000 })
    .toBeGreaterThan(packets);
  return (await roomStats(page)).energy - start.energy;
}

describe('voice through Janus (SFU mode)', () => {
  it('one speaker heard by 50 listening peer connections, then the floor handed straight to another; the server mutes everyone else, a forced track included', async () => {
    const server = await startServer({
      env: {
        SERVE_CLIENT: 'true',
        MEDIA_MODE: 'sfu',
        JANUS_URL: janus.url,
        JANUS_API_SECRET: janus.apiSecret,
      },
    });
    const { session, invites } = await server.createSession({
      title: 'Plénière',
      agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 600 }],
      settings: { maxMembers: 100 },
    });
    const room = mediaRoomOf(session.id, P);
    const fac: PalabreClient = await connectClient(server.url, {
      token: invites.facilitator.token,
      name: 'Fatou',
    });
    expect((await fac.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'debate' } })).ok).toBe(
      true,
    );

    // Two speakers in browsers (a fake microphone: a tone), both joined with their microphone on.
    const speakers: Page[] = [];
    for (const name of ['Ana', 'Ben']) {
      const { page } = await newPerson(browser());
      await join(page, invites.participant.url, name);
      await page.getByTestId('voice-use-mic').click();
      await page.getByTestId('voice-level').waitFor();
      speakers.push(page);
    }
    // A listener in a browser (an observer), which decodes the mix: does it carry sound?
    const { page: obs } = await newPerson(browser());
    await join(obs, invites.observer.url, 'Presse');
    await expect.poll(async () => (await roomStats(obs)).packets, { timeout: 30_000 }).toBeGreaterThan(0);
    const id = (name: string) => Object.values(fac.state!.members).find((m) => m.name === name)!.id;
    const [A, B] = [id('Ana'), id('Ben')] as [string, string];

    // Fifty listeners from Node.
    const listeners: SfuListener[] = [];
    for (let i = 0; i < LISTENERS; i++) {
      const client = await connectClient(server.url, {
        token: invites.participant.token,
        name: `Écoute ${i + 1}`,
      });
      listeners.push(await sfuListener(client));
    }
    await expect
      .poll(async () => Object.keys(await janusView(room)).length, { timeout: 30_000 })
      .toBe(LISTENERS + 3);

    // Nobody has the floor: Janus has everyone muted, and the mix is silence.
    expect(Object.values(await janusView(room)).every((muted) => muted)).toBe(true);
    await flowing(listeners);
    const silence = await energyOver(obs);
    expect(silence).toBeLessThan(1e-3);

    // The floor goes to Ana: Janus unmutes her alone, and every listener hears sound.
    expect((await fac.command({ type: 'floor.give', groupId: P, memberId: A, turnId: null })).ok).toBe(true);
    await expect.poll(async () => (await janusView(room))[A], { timeout: 10_000 }).toBe(false);
    const view = await janusView(room);
    expect(Object.entries(view).filter(([, muted]) => !muted)).toEqual([[A, false]]);
    await flowing(listeners);
    const sound = await energyOver(obs);
    expect(sound).toBeGreaterThan(1e-2);

    // The floor goes from Ana straight to Ben (no turn in between), as in the browser-to-browser test: Janus
    // mutes her and unmutes him alone, and the mix still carries sound, now his.
    const anaTurn = (await fac.waitFor((s) => s.groups[P]!.queue.turn?.memberId === A, 30_000)).groups[P]!
      .queue.turn!;
    expect(
      await fac.command({ type: 'floor.give', groupId: P, memberId: B, turnId: anaTurn.turnId }),
    ).toMatchObject({ ok: true });
    await expect
      .poll(async () => Object.entries(await janusView(room)).filter(([, muted]) => !muted), {
        timeout: 10_000,
      })
      .toEqual([[B, false]]);
    await flowing(listeners);
    // What was already on its way from Ana (the jitter buffer, ~100 ms) plays out first.
    await energyOver(obs, 25);
    const handedOver = await energyOver(obs);
    expect(handedOver).toBeGreaterThan(1e-2);

    // Ana forces her track on out of turn (a hacked page): her browser sends, Janus leaves her out of the mix;
    // then Ben's turn ends, and nobody may be heard.
    await speakers[0]!.evaluate(() => {
      const voice = (window as unknown as { palabreVoice: { sfu: { pc: RTCPeerConnection } } }).palabreVoice;
      for (const sender of voice.sfu.pc.getSenders()) if (sender.track) sender.track.enabled = true;
    });
    const turnId = fac.state!.groups[P]!.queue.turn!.turnId;
    expect((await fac.command({ type: 'turn.end', groupId: P, turnId })).ok).toBe(true);
    await expect.poll(async () => (await janusView(room))[B], { timeout: 10_000 }).toBe(true);
    expect((await janusView(room))[A]).toBe(true);
    await flowing(listeners);
    // What was already on its way (the jitter buffer, ~100 ms) plays out first.
    await energyOver(obs, 25);
    const forced = await energyOver(obs);
    expect(forced).toBeLessThan(1e-3);

    await Promise.all(listeners.map((l) => l.close()));
  });

  it('a member moved to another group is asked to offer again and joins that group’s room only', async () => {
    const server = await startServer({
      env: { MEDIA_MODE: 'sfu', JANUS_URL: janus.url, JANUS_API_SECRET: janus.apiSecret },
    });
    const { session, invites } = await server.createSession({ groups: [{ name: 'Mobilités' }] });
    const fac = await connectClient(server.url, { token: invites.facilitator.token, name: 'Fatou' });
    const dan = await connectClient(server.url, { token: invites.participant.token, name: 'Dan' });
    const plenary = mediaRoomOf(session.id, P);
    const breakout = fac.state!.groupOrder.find((g) => g !== P)!;
    let listener = await sfuListener(dan);
    await expect
      .poll(async () => Object.keys(await janusView(plenary)), { timeout: 10_000 })
      .toEqual([dan.memberId]);
    await flowing([listener]);

    const asked = new Promise<{ reason: string }>((resolve) => dan.socket.once('voice.renegotiate', resolve));
    expect((await fac.command({ type: 'member.move', memberId: dan.memberId!, groupId: breakout })).ok).toBe(
      true,
    );
    expect(await asked).toEqual({ reason: 'moved' });
    await listener.pc.close();
    listener = await sfuListener(dan);
    await flowing([listener]);
    expect(Object.keys(await janusView(mediaRoomOf(session.id, breakout)))).toEqual([dan.memberId]);
    await expect.poll(async () => Object.keys(await janusView(plenary)), { timeout: 10_000 }).toEqual([]);
    await listener.close();
  });
});
