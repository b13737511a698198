import * as Y from 'yjs';

/**
 * The recommendations document: what a group drafts together. One Y.Doc per (session, group), served over
 * the y-websocket protocol. Its single root is a Y.Array named `recommendations`; each entry is a Y.Map:
 *
 * | key         | type    | meaning                                                        |
 * |-------------|---------|----------------------------------------------------------------|
 * | `id`        | string  | stable id (random), survives reordering                        |
 * | `title`     | Y.Text  | short title, co-edited                                         |
 * | `body`      | Y.Text  | the recommendation itself, co-edited                           |
 * | `createdBy` | string  | member id of its author                                        |
 * | `createdAt` | number  | ms since epoch (client clock)                                  |
 * | `status`    | string  | one of RECOMMENDATION_STATUSES; `withdrawn` keeps it in history |
 *
 * Withdrawing never deletes: the entry stays with status `withdrawn`, so versions and reports can show it.
 */
export const RECOMMENDATIONS_KEY = 'recommendations';

export const RECOMMENDATION_STATUSES = ['draft', 'proposed', 'adopted', 'withdrawn'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** A recommendation as plain data (what versions, reports and the HTTP API return). */
export interface Recommendation {
  id: string;
  title: string;
  body: string;
  createdBy: string;
  createdAt: number;
  status: RecommendationStatus;
}

export type RecommendationMap = Y.Map<unknown>;

export function recommendationsOf(doc: Y.Doc): Y.Array<RecommendationMap> {
  return doc.getArray<RecommendationMap>(RECOMMENDATIONS_KEY);
}

function isStatus(value: unknown): value is RecommendationStatus {
  return typeof value === 'string' && (RECOMMENDATION_STATUSES as readonly string[]).includes(value);
}

/** Reads one entry defensively: a document is edited by clients, so any field may be missing or odd. */
export function readRecommendation(entry: unknown): Recommendation | null {
  if (!(entry instanceof Y.Map)) return null;
  const text = (key: string) => {
    const value: unknown = entry.get(key);
    return value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';
  };
  const id: unknown = entry.get('id');
  if (typeof id !== 'string') return null;
  const createdBy: unknown = entry.get('createdBy');
  const createdAt: unknown = entry.get('createdAt');
  const status: unknown = entry.get('status');
  return {
    id,
    title: text('title'),
    body: text('body'),
    createdBy: typeof createdBy === 'string' ? createdBy : '',
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
    status: isStatus(status) ? status : 'draft',
  };
}

/** Every well-formed recommendation, in document order. */
export function readRecommendations(doc: Y.Doc): Recommendation[] {
  const out: Recommendation[] = [];
  for (const entry of recommendationsOf(doc).toArray()) {
    const rec = readRecommendation(entry);
    if (rec) out.push(rec);
  }
  return out;
}

/** Reads a document from a Yjs update (e.g. a recorded version). */
export function recommendationsFromUpdate(update: Uint8Array): Recommendation[] {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    return readRecommendations(doc);
  } finally {
    doc.destroy();
  }
}
