import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { openDocument, synced } from '../helpers/documents.js';
import { startProcess } from '../helpers/processes.js';
import type { ServerProcess } from '../helpers/processes.js';
import { dependentUpdates, rawClient } from '../helpers/rawDocumentClient.js';
import { uniquePrefix } from '../helpers/redis.js';
import { ADMIN_TOKEN, connectClient, serverApi } from '../helpers/server.js';
import { seenPhase } from '../../shared/session/phases/expectations.js';

/**
 * A session created through process `a`, its group "Mobilités" drafting: Fatou (facilitator) on `a`, Ana on
 * `onAna` and Ben on `onBen`, both moved into the group.
 */
async function draftingAcross(a: ServerProcess, onAna: ServerProcess, onBen: ServerProcess) {
  const created = await serverApi(a.url).createSession({ title: 'Atelier', groups: [{ name: 'Mobilités' }] });
  const sessionId = created.session.id;
  const gid = created.session.groupOrder[1]!;
  const fac = await connectClient(a.url, { token: created.invites.facilitator.token, name: 'Fatou' });
  const ana = await connectClient(onAna.url, { token: created.invites.participant.token, name: 'Ana' });
  const ben = await connectClient(onBen.url, { token: created.invites.participant.token, name: 'Ben' });
  for (const m of [ana, ben]) {
    expect(await fac.command({ type: 'member.move', memberId: m.memberId!, groupId: gid })).toMatchObject({
      ok: true,
    });
  }
  expect(await fac.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } })).toMatchObject({
    ok: true,
  });
  return { sessionId, gid, fac, ana, ben };
}

describe('documents across processes', () => {
  it('edits and awareness cross processes, late joiners load everything, a killed process loses nothing', async () => {
    const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: uniquePrefix('docs') };
    const [a, b, c] = await Promise.all([startProcess(env), startProcess(env), startProcess(env)]);
    const { sessionId, gid, fac, ana, ben } = await draftingAcross(a, b, c);

    const onB = openDocument(b.url, sessionId, gid, ana.welcome!.resumeToken);
    const onC = openDocument(c.url, sessionId, gid, ben.welcome!.resumeToken);
    const watcherOnA = openDocument(a.url, sessionId, gid, fac.welcome!.resumeToken);
    await Promise.all([synced(onB), synced(onC), synced(watcherOnA)]);

    onB.text.insert(0, 'Pistes cyclables. ');
    await expect.poll(() => onC.text.toString()).toBe('Pistes cyclables. ');
    await expect.poll(() => watcherOnA.text.toString()).toBe('Pistes cyclables. ');
    onC.text.insert(onC.text.length, 'Bancs publics.');
    const full = 'Pistes cyclables. Bancs publics.';
    await expect.poll(() => onB.text.toString()).toBe(full);
    await expect.poll(() => watcherOnA.text.toString()).toBe(full);

    // Awareness crosses processes and is never stored.
    onB.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    await expect
      .poll(() => onC.provider.awareness.getStates().get(onB.doc.clientID)?.user)
      .toEqual({ name: 'Ana' });

    // A late joiner on a third process loads the full state.
    const late = openDocument(c.url, sessionId, gid, fac.welcome!.resumeToken);
    await synced(late);
    expect(late.text.toString()).toBe(full);

    // Kill -9 Ana's process mid-drafting: what the others saw is kept; her client reconnects elsewhere and
    // her edits made while disconnected converge too.
    await b.kill('SIGKILL');
    onB.provider.disconnect();
    onB.text.insert(onB.text.length, ' Arbres.');
    const again = new WebsocketProvider(`${c.url.replace(/^http/, 'ws')}/yjs/${sessionId}`, gid, onB.doc, {
      params: { token: ana.welcome!.resumeToken },
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
    });
    try {
      const final = `${full} Arbres.`;
      await expect.poll(() => onC.text.toString(), { timeout: 10_000 }).toBe(final);
      await expect.poll(() => watcherOnA.text.toString()).toBe(final);
      expect(onB.text.toString()).toBe(final);

      // Leaving drafting records exactly one version, whichever processes saw the phase change.
      const moved = await fac.command({
        type: 'phase.goto',
        groupId: 'all',
        to: 'next',
        from: seenPhase(fac.state!, 'all'),
      });
      expect(moved.ok).toBe(true);
      const state = await fac.waitFor((s) => (s.documents?.[gid]?.versions.length ?? 0) > 0, 10_000);
      const versionId = state.documents![gid]!.versions[0]!.versionId;
      const { version } = await fetch(
        `${a.url}/api/sessions/${sessionId}/groups/${gid}/versions/${versionId}`,
        {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        },
      ).then((r) => r.json() as Promise<{ version: { update: string } }>);
      const recorded = new Y.Doc();
      Y.applyUpdate(recorded, Buffer.from(version.update, 'base64'));
      expect(recorded.getText('t').toString()).toBe(final);
      await expect
        .poll(
          async () =>
            (
              await fetch(`${c.url}/api/sessions/${sessionId}`, {
                headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
              }).then((r) => r.json() as Promise<any>)
            ).session.documents[gid].versions.length,
        )
        .toBe(1);
      // Every process that saw the closing stored the bytes under its own id; only the recorded version's
      // remain (the refused records discarded theirs).
      const redis = new Redis(inject('redisUrl'));
      try {
        const ofGroup = () => redis.keys(`${env.REDIS_PREFIX}:*:version:${gid}:*`);
        await expect.poll(async () => (await ofGroup()).length).toBe(1);
        expect((await ofGroup())[0]).toMatch(new RegExp(`:${gid}:${versionId}$`));
      } finally {
        redis.disconnect();
      }
    } finally {
      again.destroy();
    }
  });

  it('an update that reaches one process before its dependency, written through another, waits for it through Redis', async () => {
    const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: uniquePrefix('docs'), YJS_PENDING_MS: '5000' };
    const [a, b] = await Promise.all([startProcess(env), startProcess(env)]);
    const { sessionId, gid, fac, ana, ben } = await draftingAcross(a, a, b);
    // Ben's copy has "AB" (the dependency); Ana's writes "-" between A and B (the dependent update).
    const { dependency, dependent } = dependentUpdates();
    const early = await rawClient(a.url, sessionId, gid, ana.welcome!.resumeToken);
    const late = await rawClient(b.url, sessionId, gid, ben.welcome!.resumeToken);
    // The dependent update reaches process a first: a sync step 1 sent after it is answered only once the
    // update has been handled (frames of one connection are handled in order), so a holds it by then.
    early.sendUpdate(dependent);
    await early.roundTrip();
    // Then the dependency arrives through process b, and reaches a through Redis only.
    late.sendUpdate(dependency);
    for (const server of [a, b]) {
      const reader = openDocument(server.url, sessionId, gid, fac.welcome!.resumeToken);
      await synced(reader);
      await expect.poll(() => reader.text.toString(), { timeout: 8000 }).toBe('A-B');
      reader.provider.destroy();
    }
    expect(early.denials()).toEqual([]);
    expect(late.denials()).toEqual([]);
    expect(early.closeCode()).toBeNull();
  });
});
