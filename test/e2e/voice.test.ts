import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { PalabreClient } from '../../client/sdk/palabreClient.js';
import type { VoiceStats } from '../../client/sdk/voice.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { connectClient, startServer } from '../helpers/server.js';
import { VOICE_FLAGS, join, newPerson, screenshot, useBrowser } from './browser.js';

const browser = useBrowser(VOICE_FLAGS);
const P = PLENARY_ID;

/** What a page's voice counts now (getStats of its peer connections), per member. */
const stats = (page: Page): Promise<VoiceStats> =>
  page.evaluate(() =>
    (window as unknown as { palabreVoice: { stats(): Promise<VoiceStats> } }).palabreVoice.stats(),
  );

const packetsFrom = async (page: Page, memberId: string) =>
  (await stats(page)).inbound[memberId]?.packets ?? 0;

/** Waits until `page` receives audio from `memberId`, then until it has received more: audio is flowing. */
async function hears(page: Page, memberId: string): Promise<void> {
  await expect.poll(() => packetsFrom(page, memberId), { timeout: 15_000 }).toBeGreaterThan(0);
  const first = await packetsFrom(page, memberId);
  await expect.poll(() => packetsFrom(page, memberId), { timeout: 10_000 }).toBeGreaterThan(first);
}

/** Waits until `page` has no audio connection from `memberId` any more. */
async function doesNotHear(page: Page, memberId: string): Promise<void> {
  await expect.poll(async () => (await stats(page)).inbound[memberId], { timeout: 10_000 }).toBeUndefined();
}

/** Opens a person's page, joins, and switches the (fake) microphone on. */
async function person(url: string, name: string, microphone = true): Promise<Page> {
  const { page } = await newPerson(browser());
  await join(page, url, name);
  await page.getByTestId('voice').waitFor();
  if (microphone) {
    await page.getByTestId('voice-use-mic').click();
    await page.getByTestId('voice-level').waitFor();
  }
  return page;
}

describe('voice in the browser (embedded mode)', () => {
  it('follows the floor: A then B heard, an observer silent, out-of-turn refused, a moved member hears their new group', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true', ICE_CANDIDATES: 'loopback' } });
    const { invites } = await server.createSession({
      title: 'Atelier voix',
      agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 600 }],
      groups: [{ name: 'Mobilités' }],
    });
    const fac: PalabreClient = await connectClient(server.url, {
      token: invites.facilitator.token,
      name: 'Fatou',
    });
    const a = await person(invites.participant.url, 'Ana');
    const b = await person(invites.participant.url, 'Ben');
    const c = await person(invites.participant.url, 'Cléo');
    const obs = await person(invites.observer.url, 'Presse', false);
    expect((await fac.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'debate' } })).ok).toBe(
      true,
    );
    await fac.waitFor((s) => Object.values(s.members).filter((m) => m.connected).length === 5);
    const id = (name: string) => Object.values(fac.state!.members).find((m) => m.name === name)!.id;
    const [A, B, C, O] = ['Ana', 'Ben', 'Cléo', 'Presse'].map(id) as [string, string, string, string];
    const give = async (memberId: string, groupId = P) => {
      const turnId = fac.state!.groups[groupId]!.queue.turn?.turnId ?? null;
      expect((await fac.command({ type: 'floor.give', groupId, memberId, turnId })).ok).toBe(true);
    };

    // Nobody has the floor: everyone is muted until their turn.
    await expect
      .poll(() => b.getByTestId('voice-state').textContent())
      .toContain('Micro coupé jusqu’à votre tour');

    // The floor goes to Ana: the others hear her, and nobody else.
    await give(A);
    await a.locator('[data-testid="voice-state"][data-live="true"]').waitFor();
    for (const page of [b, c, obs]) await hears(page, A);
    await expect.poll(() => b.getByTestId('voice-captions').textContent()).toContain('Ana');
    for (const page of [a, b, c, obs]) {
      const { inbound } = await stats(page);
      for (const silent of [B, C, O]) expect(inbound[silent]).toBeUndefined();
    }
    await screenshot(a, 'voice-live');
    await screenshot(b, 'voice-muted');

    // The floor moves to Ben: Ana's audio stops everywhere, Ben's starts.
    await give(B);
    for (const page of [a, c, obs]) {
      await doesNotHear(page, A);
      await hears(page, B);
    }
    await a.locator('[data-testid="voice-state"][data-live="false"]').waitFor();
    expect((await stats(a)).outbound).toEqual({});

    // The observer sends nothing to anyone.
    expect((await stats(obs)).outbound).toEqual({});
    for (const page of [a, b, c]) expect((await stats(page)).inbound[O]).toBeUndefined();

    // Cléo's page forces her voice out of turn, the way a hacked client would: the server refuses to carry
    // the offer, and nobody hears her.
    const forced = await c.evaluate(async (to) => {
      const voice = (window as unknown as { palabreVoice: Record<string, any> }).palabreVoice;
      const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
      const pc = new RTCPeerConnection();
      for (const track of mic.getTracks()) {
        track.enabled = true;
        pc.addTrack(track, mic);
      }
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const ack = await voice.client.socket
        .timeout(5000)
        .emitWithAck('voice.signal', { kind: 'offer', to, connection: 'forced', sdp: offer.sdp });
      // And through the SDK's own path, bypassing its check of the state.
      await voice.offerTo(to);
      return ack;
    }, A);
    expect(forced).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await hears(a, B);
    expect((await stats(a)).inbound[C]).toBeUndefined();

    // Ben and Cléo move to the breakout group, where Ben gets the floor; Ana speaks in the plenary again.
    for (const memberId of [B, C]) {
      expect(
        (await fac.command({ type: 'member.move', memberId, groupId: fac.state!.groupOrder[1]! })).ok,
      ).toBe(true);
    }
    const breakout = fac.state!.groupOrder[1]!;
    await fac.waitFor((s) => s.groups[P]!.queue.turn === null);
    await give(B, breakout);
    await give(A);
    await hears(c, B);
    await hears(obs, A);
    await doesNotHear(c, A);
    expect((await stats(a)).inbound[B]).toBeUndefined();
    await screenshot(c, 'voice-moved');
  });

  it('open discussion: every participant heard; a facilitator heard while their microphone is on, push-to-talk too', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true', ICE_CANDIDATES: 'loopback' } });
    const { invites } = await server.createSession({
      title: 'Discussion ouverte',
      agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 600 }],
    });
    // The facilitator in the cockpit, with a microphone; two participants; the projector.
    const f = await person(invites.facilitator.url, 'Fatou');
    const a = await person(invites.participant.url, 'Ana');
    const b = await person(invites.participant.url, 'Ben');
    const obs = await person(invites.observer.url, 'Presse', false);
    const watcher: PalabreClient = await connectClient(server.url, {
      token: invites.observer.token,
      name: 'Registre',
    });
    await f.getByTestId('phase-first').click();
    await watcher.waitFor((s) => Object.values(s.members).filter((m) => m.connected).length === 5);
    const id = (name: string) => Object.values(watcher.state!.members).find((m) => m.name === name)!.id;
    const [F, A, B] = ['Fatou', 'Ana', 'Ben'].map(id) as [string, string, string];

    // The plenary opened to discussion from the cockpit: Ana and Ben are both heard, without the floor.
    // (A click, then the box follows the session: it is checked once the server says the group is open.)
    const openDiscussion = f.getByTestId(`floor-mode-${P}`);
    await openDiscussion.click();
    await expect.poll(() => openDiscussion.isChecked()).toBe(true);
    for (const [page, from] of [
      [obs, A],
      [obs, B],
      [a, B],
      [b, A],
    ] as const) {
      await hears(page, from);
    }
    // Back to the speaking queue, nobody holding the floor: nobody is heard any more.
    await openDiscussion.click();
    await expect.poll(() => openDiscussion.isChecked()).toBe(false);
    for (const from of [A, B]) await doesNotHear(obs, from);

    // The facilitator switches their microphone on: heard by everyone, participants still silent.
    await f.getByTestId('voice-mic-toggle').click();
    for (const page of [a, b, obs]) await hears(page, F);
    expect((await stats(obs)).inbound[A]).toBeUndefined();
    await f.getByTestId('voice-mic-toggle').click();
    await doesNotHear(obs, F);
    // Push-to-talk: heard while the key is held, silent once it is released.
    await f.getByTestId('voice-ptt').focus();
    await f.keyboard.down('Space');
    await hears(obs, F);
    await f.keyboard.up('Space');
    await doesNotHear(obs, F);
  });

  it('shows the speaker’s camera, when they switch it on, to their group and the projector while they have the floor', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true', ICE_CANDIDATES: 'loopback' } });
    const { invites } = await server.createSession({
      title: 'Caméra',
      agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 600 }],
    });
    const fac: PalabreClient = await connectClient(server.url, {
      token: invites.facilitator.token,
      name: 'Fatou',
    });
    const a = await person(invites.participant.url, 'Ana');
    const b = await person(invites.participant.url, 'Ben');
    const obs = await person(invites.observer.url, 'Presse', false);
    expect((await fac.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'debate' } })).ok).toBe(
      true,
    );
    await fac.waitFor((s) => Object.values(s.members).filter((m) => m.connected).length === 4);
    const id = (name: string) => Object.values(fac.state!.members).find((m) => m.name === name)!.id;
    const [A, B] = [id('Ana'), id('Ben')] as [string, string];
    const framesFrom = async (page: Page, memberId: string) => (await stats(page)).video[memberId] ?? 0;

    // Off by default: Ana has the floor, her voice is heard, no camera.
    expect((await fac.command({ type: 'floor.give', groupId: P, memberId: A, turnId: null })).ok).toBe(true);
    await hears(obs, A);
    expect(await framesFrom(obs, A)).toBe(0);
    expect(await obs.getByTestId('speaker-video').count()).toBe(0);

    // She switches it on: her group and the projector see her.
    await a.getByTestId('voice-camera').click();
    await expect.poll(() => a.getByTestId('voice-camera').getAttribute('aria-pressed')).toBe('true');
    for (const page of [b, obs]) {
      await expect.poll(() => framesFrom(page, A), { timeout: 15_000 }).toBeGreaterThan(0);
      const first = await framesFrom(page, A);
      await expect.poll(() => framesFrom(page, A), { timeout: 10_000 }).toBeGreaterThan(first);
    }
    await obs.locator(`[data-testid="speaker-video"][data-member="${A}"]`).waitFor();
    await screenshot(obs, 'voice-camera-projector');

    // The floor moves to Ben (camera off): Ana's picture goes with her voice, and none comes from Ben.
    const turnId = fac.state!.groups[P]!.queue.turn!.turnId;
    expect((await fac.command({ type: 'floor.give', groupId: P, memberId: B, turnId })).ok).toBe(true);
    await hears(obs, B);
    await expect.poll(async () => (await stats(obs)).video[A], { timeout: 10_000 }).toBeUndefined();
    expect(await framesFrom(obs, B)).toBe(0);
    await expect.poll(() => obs.getByTestId('speaker-video').count()).toBe(0);
  });

  it('explains a refused microphone, in English too', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true', ICE_CANDIDATES: 'loopback' } });
    const { invites } = await server.createSession({ title: 'Micro refusé' });
    const { context, page } = await newPerson(browser(), { locale: 'en-GB' });
    await context.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' }));
    });
    await join(page, invites.participant.url, 'Noor');
    await page.getByTestId('voice-use-mic').click();
    await expect
      .poll(() => page.getByTestId('voice-error').textContent())
      .toContain('Your browser blocked the microphone');
    expect(await page.getByTestId('voice-state').textContent()).toContain('Muted until your turn');
  });
});
