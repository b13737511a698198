import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRecommendation, withdrawRecommendation } from '../../client/sdk/recommendations.js';
import { draftText } from '../../server/core/reactions/versionRecording.js';
import { DomainHarness, versionRecord } from '../helpers/domain.js';

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
    const draft = draftText(h.state, Y.encodeStateAsUpdate(doc));
    expect(draft.map((r) => [r.id, r.title.length, r.authors])).toEqual([
      ['rec-1', 5, [ana.memberId]],
      ['r2', '(untitled)'.length, []],
      ['r3-2', 300, [ana.memberId]],
    ]);
  });
});

describe('the harvest and documents', () => {
  it('waits for drafting to end, then gathers the recorded version', () => {
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
    h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } }, fac);
    expect(h.run({ type: 'harvest.collect' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    h.ok({ type: 'phase.goto', groupId: 'ga', to: 'finish' }, fac);
    // The version and its text are one decision: once recorded, the harvest has what it needs.
    h.ok(versionRecord('ga', 'v1', [], { trigger: h.state.version, phaseId: 'p4' }), { kind: 'system' });
    h.ok({ type: 'harvest.collect' }, fac);
    expect(h.state.groups.ga!.status).toBe('closed');
  });
});
