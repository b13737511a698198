import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DEBATE, DRAFTING, forumWithGroup, openDocument, synced } from '../helpers/documents.js';
import { startServer } from '../helpers/server.js';

describe('documents over the stock y-websocket client', () => {
  it('two participants converge while drafting; awareness is relayed', async () => {
    const f = await forumWithGroup();
    await f.goto(DRAFTING);
    const a = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const b = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'Plus de pistes cyclables. ');
    b.text.insert(0, 'Des bancs. ');
    await expect.poll(() => a.text.toString() === b.text.toString() && a.text.length > 30).toBe(true);
    expect(a.text.toString()).toContain('Des bancs.');

    a.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    await expect
      .poll(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user)
      .toEqual({ name: 'Ana' });
    a.provider.destroy();
    await expect.poll(() => b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false);
  });

  it('an observer sees edits live; its own edits reach nobody and nothing of them is kept', async () => {
    const f = await forumWithGroup();
    await f.goto(DRAFTING);
    const ana = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const obs = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.observer));
    await Promise.all([synced(ana), synced(obs)]);
    ana.text.insert(0, 'Texte de Ana');
    await expect.poll(() => obs.text.toString()).toBe('Texte de Ana');

    obs.text.insert(0, 'PIRATE ');
    obs.text.delete(obs.text.length - 3, 3);
    await expect.poll(() => obs.denied.length).toBe(2);
    expect(obs.denied.join()).toContain('observers are read-only');
    ana.text.insert(ana.text.length, '!');
    // The observer still follows the draft (its own copy keeps what it typed: it may only watch).
    await expect.poll(() => obs.text.toString()).toBe('PIRATE Texte de !');
    expect(ana.text.toString()).toBe('Texte de Ana!');
    // A latecomer gets the server's state: nothing from the observer.
    const ben = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await synced(ben);
    expect(ben.text.toString()).toBe('Texte de Ana!');
  });

  it('edits outside an editing phase are refused, unless a facilitator opens editing', async () => {
    const f = await forumWithGroup();
    await f.goto(DEBATE);
    const ana = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const ben = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await Promise.all([synced(ana), synced(ben)]);
    ana.text.insert(0, 'trop tôt');
    await expect.poll(() => ana.denied.length).toBe(1);
    expect(ana.denied[0]).toMatch(/^wrong_phase/);
    await expect.poll(() => ana.text.toString()).toBe('');

    const opened = await f.facilitator.command({ type: 'editing.set', groupId: f.ga, mode: 'open' });
    expect(opened.ok).toBe(true);
    await f.ana.waitFor((s) => s.documents?.[f.ga]?.editing === 'open');
    ana.text.insert(0, 'ouvert');
    await expect.poll(() => ben.text.toString()).toBe('ouvert');

    // Locked: even drafting does not open it.
    await f.facilitator.command({ type: 'editing.set', groupId: f.ga, mode: 'locked' });
    await f.goto(DRAFTING);
    ben.text.insert(0, 'verrouillé ');
    await expect.poll(() => ben.denied.length).toBe(1);
    await expect.poll(() => ben.text.toString()).toBe('ouvert');
  });

  it('participants edit only their group; other groups are readable only with crossGroupReading', async () => {
    const f = await forumWithGroup({ settings: { crossGroupReading: false } });
    await f.goto(DRAFTING);
    const carlaHere = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.carla));
    expect((await carlaHere.closed).code).toBe(4403);
    const plenary = openDocument(f.server.url, f.session.id, PLENARY_ID, f.tokenOf(f.carla));
    await synced(plenary);
    const bad = openDocument(f.server.url, f.session.id, f.ga, 'not-a-token');
    expect((await bad.closed).code).toBe(4401);

    await f.facilitator.command({ type: 'settings.update', crossGroupReading: true });
    const carla = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.carla));
    await synced(carla);
    carla.text.insert(0, 'intrusion');
    await expect.poll(() => carla.denied.join()).toContain('own group');
    await expect.poll(() => carla.text.toString()).toBe('');
  });

  it('disconnects a removed member and re-evaluates rights when a member moves', async () => {
    const f = await forumWithGroup({ settings: { crossGroupReading: false } });
    await f.goto(DRAFTING);
    const ana = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const ben = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await Promise.all([synced(ana), synced(ben)]);
    await f.facilitator.command({ type: 'member.remove', memberId: f.ana.memberId! });
    expect((await ana.closed).code).toBe(4403);
    await f.facilitator.command({ type: 'member.move', memberId: f.ben.memberId!, groupId: f.gb });
    expect((await ben.closed).code).toBe(4403);
  });

  it('a restart keeps every accepted edit', async () => {
    // A small compaction threshold: the restart reads a snapshot plus the log that follows it.
    const first = await startServer({ keepData: true, env: { YJS_COMPACT_EVERY: '5' } });
    onTestFinished(() => rm(first.dataDir, { recursive: true, force: true }));
    const f = await forumWithGroup({ server: first });
    await f.goto(DRAFTING);
    const ana = openDocument(first.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const ben = openDocument(first.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await Promise.all([synced(ana), synced(ben)]);
    for (let i = 0; i < 20; i++) ana.text.insert(ana.text.length, `${i} `);
    await expect.poll(() => ben.text.length).toBe(ana.text.length);
    const expected = ana.text.toString();
    ana.provider.destroy();
    ben.provider.destroy();
    await first.stop();

    const snapshots = await readdir(join(first.dataDir, 'docs', f.session.id));
    expect(snapshots).toContain(`${f.ga}.snap`);
    const second = await startServer({ dataDir: first.dataDir });
    const again = openDocument(second.url, f.session.id, f.ga, f.tokenOf(f.ana));
    await synced(again);
    expect(again.text.toString()).toBe(expected);
  });
});
