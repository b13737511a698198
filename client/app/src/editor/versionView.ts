import type { Recommendation, RecommendationStatus } from '../../../../shared/recommendations.js';
import type { SessionState } from '../../../../shared/session/types.js';

/**
 * Reading a recorded version of a group's document, as `GET …/groups/:groupId/versions/:versionId` returns
 * it. Pure and zod-free (the browser bundle carries no zod), and free of Yjs at run time: the server already
 * turned the update into plain recommendations.
 */

/** What the version reader shows: the version's metadata and its recommendations as plain text. */
export interface VersionView {
  versionId: string;
  phaseId: string | null;
  at: number;
  recommendations: Recommendation[];
}

// Kept here rather than imported: shared/recommendations.ts loads Yjs.
const STATUSES: readonly RecommendationStatus[] = ['draft', 'proposed', 'adopted', 'withdrawn'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The version in a response body, or null when the body is not one (defensive: entries are coerced). */
export function readVersionResponse(body: unknown): VersionView | null {
  if (!isRecord(body) || body.ok !== true || !isRecord(body.version)) return null;
  const v = body.version;
  if (typeof v.versionId !== 'string' || typeof v.at !== 'number' || !Array.isArray(v.recommendations)) {
    return null;
  }
  const recommendations = v.recommendations.filter(isRecord).map((r): Recommendation => ({
    id: str(r.id),
    title: str(r.title),
    body: str(r.body),
    createdBy: str(r.createdBy),
    createdAt: typeof r.createdAt === 'number' ? r.createdAt : 0,
    status: STATUSES.find((s) => s === r.status) ?? 'draft',
  }));
  return {
    versionId: v.versionId,
    phaseId: typeof v.phaseId === 'string' ? v.phaseId : null,
    at: v.at,
    recommendations,
  };
}

/** The message of an error body (`{ ok: false, error: { code, message } }`), or null. */
export function errorMessageOf(body: unknown): string | null {
  if (!isRecord(body) || !isRecord(body.error)) return null;
  return typeof body.error.message === 'string' ? body.error.message : null;
}

/** The author's display name from the session state, or null when the member is unknown to it. */
export function authorName(state: SessionState, memberId: string): string | null {
  return state.members[memberId]?.name ?? null;
}
