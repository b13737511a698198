import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addRecommendation,
  editRecommendation,
  readRecommendations,
  withdrawRecommendation,
} from '../../client/sdk/recommendations.js';
import { DRAFTING, forumWithGroup, openDocument, synced } from '../helpers/documents.js';

describe('document versions', () => {
  it('records the document when a group leaves drafting; facilitators list and read versions', async () => {
    const f = await forumWithGroup();
    await f.goto(DRAFTING);
    const ana = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const ben = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await Promise.all([synced(ana), synced(ben)]);
    const first = addRecommendation(ana.doc, { title: 'Pistes cyclables', createdBy: f.ana.memberId! });
    const second = addRecommendation(ana.doc, { title: 'Bancs', body: 'Sur la place', createdBy: 'x' });
    await expect.poll(() => readRecommendations(ben.doc).length).toBe(2);
    editRecommendation(ben.doc, first, { body: 'Rue de la Paix, sécurisée' });
    withdrawRecommendation(ben.doc, second);
    await expect.poll(() => readRecommendations(ana.doc)[0]?.body).toBe('Rue de la Paix, sécurisée');

    await f.goto('p5', f.ga);
    const state = await f.facilitator.waitFor((s) => (s.documents?.[f.ga]?.versions.length ?? 0) === 1);
    const meta = state.documents![f.ga]!.versions[0]!;
    expect(meta).toMatchObject({ phaseId: DRAFTING, recommendations: 1 });
    // Participants see the metadata, never the recorded update.
    const anaState = await f.ana.waitFor((s) => (s.documents?.[f.ga]?.versions.length ?? 0) === 1);
    expect(JSON.stringify(anaState)).not.toContain('"update"');

    // Editing is closed now.
    ana.text.insert(0, 'trop tard');
    await expect.poll(() => ana.denied.length).toBe(1);

    const token = f.tokenOf(f.facilitator);
    const list = await f.server.api(
      'GET',
      `/api/sessions/${f.session.id}/groups/${f.ga}/versions`,
      undefined,
      token,
    );
    expect(list.status).toBe(200);
    expect(list.body.versions).toEqual([meta]);
    const one = await f.server.api(
      'GET',
      `/api/sessions/${f.session.id}/groups/${f.ga}/versions/${meta.versionId}`,
      undefined,
      token,
    );
    expect(one.status).toBe(200);
    expect(
      one.body.version.recommendations.map((r: { title: string; status: string }) => [r.title, r.status]),
    ).toEqual([
      ['Pistes cyclables', 'draft'],
      ['Bancs', 'withdrawn'],
    ]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Buffer.from(one.body.version.update, 'base64'));
    expect(readRecommendations(doc)[0]!.body).toBe('Rue de la Paix, sécurisée');

    const participant = await f.server.api(
      'GET',
      `/api/sessions/${f.session.id}/groups/${f.ga}/versions`,
      undefined,
      f.tokenOf(f.ana),
    );
    expect(participant.status).toBe(403);
    const missing = await f.server.api(
      'GET',
      `/api/sessions/${f.session.id}/groups/${f.ga}/versions/nope`,
      undefined,
      token,
    );
    expect(missing.status).toBe(404);

    // The end of the session records nothing more for a group outside an editing phase.
    await f.facilitator.command({ type: 'session.end' });
    const ended = await f.facilitator.waitFor((s) => s.status === 'ended');
    expect(ended.documents![f.ga]!.versions).toHaveLength(1);
  });
});
