import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addRecommendation,
  editRecommendation,
  listRecommendations,
  moveRecommendation,
  recommendationText,
  setRecommendationStatus,
  withdrawRecommendation,
} from '../../client/sdk/recommendations.js';
import { recommendationsFromUpdate, recommendationsOf } from '../../shared/recommendations.js';

function pair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u));
  b.on('update', (u: Uint8Array) => Y.applyUpdate(a, u));
  return { a, b };
}

describe('recommendations helpers', () => {
  it('add, edit, reorder and withdraw, seen by a peer', () => {
    const { a, b } = pair();
    const r1 = addRecommendation(a, {
      title: 'Un',
      body: 'premier',
      createdBy: 'm1',
      createdAt: 5,
      id: 'r1',
    });
    const r2 = addRecommendation(b, { title: 'Deux', createdBy: 'm2', createdAt: 6, id: 'r2' });
    addRecommendation(a, { title: 'Zéro', createdBy: 'm1', createdAt: 7, id: 'r0', index: 0 });
    expect(listRecommendations(b).map((r) => r.id)).toEqual(['r0', 'r1', 'r2']);
    expect(editRecommendation(b, r1, { title: 'Un bis' })).toBe(true);
    expect(moveRecommendation(a, r2, 0)).toBe(true);
    expect(withdrawRecommendation(b, 'r0')).toBe(true);
    expect(setRecommendationStatus(a, r1, 'adopted')).toBe(true);
    expect(listRecommendations(a)).toEqual([
      { id: 'r2', title: 'Deux', body: '', createdBy: 'm2', createdAt: 6, status: 'draft' },
      { id: 'r0', title: 'Zéro', body: '', createdBy: 'm1', createdAt: 7, status: 'withdrawn' },
      { id: 'r1', title: 'Un bis', body: 'premier', createdBy: 'm1', createdAt: 5, status: 'adopted' },
    ]);
    expect(listRecommendations(b)).toEqual(listRecommendations(a));
    recommendationText(b, r1, 'body')!.insert(0, 'le ');
    expect(listRecommendations(a)[2]!.body).toBe('le premier');
    expect(editRecommendation(a, 'missing', { title: 'x' })).toBe(false);
    expect(moveRecommendation(a, 'missing', 0)).toBe(false);
  });

  it('reads defensively: entries written by odd clients are skipped or defaulted', () => {
    const doc = new Y.Doc();
    const list = recommendationsOf(doc);
    const odd = new Y.Map<unknown>();
    odd.set('id', 'odd');
    odd.set('title', 'plain string');
    odd.set('status', 'nonsense');
    list.push([odd]);
    list.push([new Y.Map()]);
    expect(recommendationsFromUpdate(Y.encodeStateAsUpdate(doc))).toEqual([
      { id: 'odd', title: 'plain string', body: '', createdBy: '', createdAt: 0, status: 'draft' },
    ]);
  });
});
