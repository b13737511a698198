import * as Y from 'yjs';
import { recommendationsOf, readRecommendations } from '../../shared/recommendations.js';
import type {
  Recommendation,
  RecommendationMap,
  RecommendationStatus,
} from '../../shared/recommendations.js';

export type { Recommendation, RecommendationStatus } from '../../shared/recommendations.js';
export { readRecommendations } from '../../shared/recommendations.js';

/**
 * Helpers that edit the recommendations document (schema in shared/recommendations.ts) in one transaction
 * each, so a remote peer sees every change whole. They work on any Y.Doc, e.g. the one a WebsocketProvider
 * keeps in sync with `ws://HOST/yjs/<sessionId>/<groupId>`.
 */
export interface NewRecommendation {
  title: string;
  body?: string;
  createdBy: string;
  /** Defaults to Date.now(). */
  createdAt?: number;
  /** Defaults to a random id. */
  id?: string;
  /** Position in the list; defaults to the end. */
  index?: number;
}

function randomId(): string {
  return `r${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36).slice(-4)}`;
}

function find(doc: Y.Doc, id: string): { index: number; map: RecommendationMap } | null {
  const list = recommendationsOf(doc);
  for (let index = 0; index < list.length; index++) {
    const map = list.get(index);
    if (map instanceof Y.Map && map.get('id') === id) return { index, map };
  }
  return null;
}

/** Adds a recommendation (status `draft`); returns its id. */
export function addRecommendation(doc: Y.Doc, input: NewRecommendation): string {
  const id = input.id ?? randomId();
  doc.transact(() => {
    const map: RecommendationMap = new Y.Map();
    map.set('id', id);
    map.set('title', new Y.Text(input.title));
    map.set('body', new Y.Text(input.body ?? ''));
    map.set('createdBy', input.createdBy);
    map.set('createdAt', input.createdAt ?? Date.now());
    map.set('status', 'draft');
    const list = recommendationsOf(doc);
    const index = Math.max(0, Math.min(input.index ?? list.length, list.length));
    list.insert(index, [map]);
  });
  return id;
}

/**
 * Replaces the title and/or body of a recommendation. Editors bound to the Y.Text (e.g. y-prosemirror,
 * y-codemirror) edit character by character instead; this is for forms and scripts.
 */
export function editRecommendation(
  doc: Y.Doc,
  id: string,
  patch: { title?: string; body?: string },
): boolean {
  const found = find(doc, id);
  if (!found) return false;
  doc.transact(() => {
    for (const key of ['title', 'body'] as const) {
      const value = patch[key];
      if (value === undefined) continue;
      const text = found.map.get(key);
      if (text instanceof Y.Text) {
        text.delete(0, text.length);
        text.insert(0, value);
      } else {
        found.map.set(key, new Y.Text(value));
      }
    }
  });
  return true;
}

/** The Y.Text of a field, for binding an editor to it. */
export function recommendationText(doc: Y.Doc, id: string, field: 'title' | 'body'): Y.Text | null {
  const value = find(doc, id)?.map.get(field);
  return value instanceof Y.Text ? value : null;
}

/**
 * Moves a recommendation to `toIndex` (in the list as it is after removal). Yjs has no move: the entry is
 * re-created at its new place with the same id and content, in one transaction.
 */
export function moveRecommendation(doc: Y.Doc, id: string, toIndex: number): boolean {
  const found = find(doc, id);
  if (!found) return false;
  doc.transact(() => {
    const list = recommendationsOf(doc);
    const copy: RecommendationMap = new Y.Map();
    for (const [key, value] of found.map.entries()) {
      copy.set(key, value instanceof Y.Text ? new Y.Text(value.toString()) : value);
    }
    list.delete(found.index, 1);
    list.insert(Math.max(0, Math.min(toIndex, list.length)), [copy]);
  });
  return true;
}

export function setRecommendationStatus(doc: Y.Doc, id: string, status: RecommendationStatus): boolean {
  const found = find(doc, id);
  if (!found) return false;
  doc.transact(() => found.map.set('status', status));
  return true;
}

/** Withdraws a recommendation: it stays in the document (and in versions) with status `withdrawn`. */
export function withdrawRecommendation(doc: Y.Doc, id: string): boolean {
  return setRecommendationStatus(doc, id, 'withdrawn');
}

export function listRecommendations(doc: Y.Doc): Recommendation[] {
  return readRecommendations(doc);
}
