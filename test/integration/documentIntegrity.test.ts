import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { openGroupDocument } from '../../client/sdk/groupDocument.js';
import { DRAFTING, forumWithGroup, openDocument, synced } from '../helpers/documents.js';
import type { OpenDocument } from '../helpers/documents.js';

/** Resolves once the provider is connected again (after `connect()`) and synced. */
async function reconnected(open: OpenDocument): Promise<void> {
  await expect.poll(() => open.provider.wsconnected && open.provider.synced).toBe(true);
}

// The three inputs of issue #10, item 1: a refused client's deletions and insertions must change nothing
// anyone else sees, whatever authorised edits happen at the same time.
describe('a refused write changes nothing the others see', () => {
  it('an observer deleting everything does not undo an offline participant’s deletion', async () => {
    const f = await forumWithGroup();
    await f.goto(DRAFTING);
    const ana = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const obs = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.observer));
    await Promise.all([synced(ana), synced(obs)]);
    ana.text.insert(0, 'hello world');
    await expect.poll(() => obs.text.toString()).toBe('hello world');

    ana.provider.disconnect();
    ana.text.delete(0, 6);
    obs.text.delete(0, obs.text.length);
    await expect.poll(() => obs.denied.length).toBe(1);
    ana.provider.connect();
    await reconnected(ana);

    const ben = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await synced(ben);
    await expect.poll(() => ben.text.toString()).toBe('world');
    expect(ana.text.toString()).toBe('world');
  });

  it('an observer deleting everything does not move an offline participant’s insertion', async () => {
    const f = await forumWithGroup();
    await f.goto(DRAFTING);
    const ana = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const obs = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.observer));
    await Promise.all([synced(ana), synced(obs)]);
    ana.text.insert(0, 'hello world');
    await expect.poll(() => obs.text.toString()).toBe('hello world');

    ana.provider.disconnect();
    ana.text.insert(6, 'big ');
    obs.text.delete(0, obs.text.length);
    await expect.poll(() => obs.denied.length).toBe(1);
    ana.provider.connect();
    await reconnected(ana);

    const ben = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await synced(ben);
    await expect.poll(() => ben.text.toString()).toBe('hello big world');
    expect(ana.text.toString()).toBe('hello big world');
  });

  it('an observer deleting the text ten times a second does not scramble a slow typist', async () => {
    const f = await forumWithGroup();
    await f.goto(DRAFTING);
    const ana = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ana), { latency: () => 80 });
    const obs = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.observer));
    const ben = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await Promise.all([synced(ana), synced(obs), synced(ben)]);
    ana.text.insert(0, '[] fin.');
    await expect.poll(() => obs.text.toString()).toBe('[] fin.');

    const wipe = setInterval(() => obs.text.delete(0, obs.text.length), 100);
    try {
      for (const char of 'mobilites douces') {
        const at = ana.text.toString().indexOf(']');
        ana.text.insert(at, char);
        await new Promise((resolve) => setTimeout(resolve, 25)); // typing speed, not a wait for the server
      }
      await expect.poll(() => ben.text.toString()).toBe('[mobilites douces] fin.');
    } finally {
      clearInterval(wipe);
    }
    expect(obs.denied.length).toBeGreaterThan(0);
    const late = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.facilitator));
    await synced(late);
    expect(late.text.toString()).toBe('[mobilites douces] fin.');
    await expect.poll(() => ana.text.toString()).toBe('[mobilites douces] fin.');
  });
});

describe('the SDK after a refusal', () => {
  it('reports the refusal, and a fresh copy reads exactly the shared text', async () => {
    const f = await forumWithGroup();
    await f.goto(DRAFTING);
    const ana = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    await synced(ana);
    ana.text.insert(0, 'hello world');
    const refusals: string[] = [];
    const open = () =>
      openGroupDocument(f.ben, {
        url: f.server.url,
        sessionId: f.session.id,
        groupId: f.ga,
        WebSocketPolyfill: WebSocket as never,
        onRefused: (reason) => refusals.push(reason),
      });
    const first = open();
    onTestFinished(() => first.destroy());
    await first.synced;
    await expect.poll(() => first.doc.getText('t').toString()).toBe('hello world');
    expect(await f.facilitator.command({ type: 'editing.set', groupId: f.ga, mode: 'locked' })).toMatchObject(
      {
        ok: true,
      },
    );
    await f.ben.waitFor((s) => s.documents?.[f.ga]?.editing === 'locked');
    first.doc.getText('t').delete(0, 6);
    first.doc.getText('t').insert(0, 'PIRATE ');
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    expect(refusals[0]).toMatch(/^wrong_phase/);
    first.destroy();
    const fresh = open();
    onTestFinished(() => fresh.destroy());
    await fresh.synced;
    expect(fresh.doc.getText('t').toString()).toBe('hello world');
  });
});
