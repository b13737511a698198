import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRecommendation, withdrawRecommendation } from '../../client/sdk/recommendations.js';
import { draftFromVersion } from '../../server/core/draftsFromVersions.js';
import { DomainHarness } from '../helpers/domain.js';

describe('drafts read from document versions', () => {
  it('keeps live recommendations with their author, bounded and with valid ids', () => {
    const h = new DomainHarness();
    const ana = h.join('Ana', 'participant');
    const doc = new Y.Doc();
    addRecommendation(doc, { title: 'Bancs', body: 'Sur la place', createdBy: ana.memberId, id: 'rec-1' });
    const gone = addRecommendation(doc, { title: 'Retirée', createdBy: ana.memberId });
    withdrawRecommendation(doc, gone);
    addRecommendation(doc, { title: '  ', createdBy: 'stranger', id: 'not a valid id!' });
    addRecommendation(doc, { title: 'x'.repeat(1000), createdBy: ana.memberId, id: 'rec-1' });
    const update = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
    const draft = draftFromVersion(h.state, 'ga', 'v9', update);
    expect(draft.versionId).toBe('v9');
    expect(draft.recommendations.map((r) => [r.id, r.title.length, r.authors])).toEqual([
      ['rec-1', 5, [ana.memberId]],
      ['r2', '(untitled)'.length, []],
      ['r3-2', 300, [ana.memberId]],
    ]);
  });
});

describe('the harvest and documents', () => {
  it('waits for drafting to end and for the latest version to be read', () => {
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
    h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } }, fac);
    expect(h.run({ type: 'harvest.collect' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    h.ok({ type: 'phase.goto', groupId: 'ga', to: 'finish' }, fac);
    const doc = Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())).toString('base64');
    const recorded = {
      type: 'document.record',
      groupId: 'ga',
      trigger: h.state.version,
      phaseId: 'p4',
    } as const;
    h.ok({ ...recorded, update: doc, bytes: 2, recommendations: 0 }, { kind: 'system' });
    expect(h.run({ type: 'harvest.collect' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    const versionId = h.state.documents!.ga!.versions[0]!.versionId;
    h.ok({ type: 'draft.record', groupId: 'ga', versionId, recommendations: [] }, { kind: 'system' });
    h.ok({ type: 'harvest.collect' }, fac);
    expect(h.state.groups.ga!.status).toBe('closed');
  });
});
