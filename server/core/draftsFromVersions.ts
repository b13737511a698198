import { recommendationsFromUpdate } from '../../shared/recommendations.js';
import { OUTCOME_LIMITS } from '../../shared/session/outcomes/schemas.js';
import type { DraftRecommendation } from '../../shared/session/outcomes/types.js';
import { idSchema } from '../../shared/session/schemas.js';
import type { SessionState } from '../../shared/session/types.js';
import type { Logger } from '../log.js';
import type { DraftRecorder } from './drafts.js';
import type { SessionService } from './sessionService.js';

/**
 * Reads a recorded document version (a base64 Yjs update from `document.versioned`) as the text of its
 * recommendations. Withdrawn ones are left out. Documents are edited by clients, so everything is bounded and
 * checked: ids that are not valid ids get a positional one, authors must be members of the session.
 */
export function draftFromVersion(
  state: SessionState,
  groupId: string,
  versionId: string,
  update: string,
): { groupId: string; versionId: string; recommendations: DraftRecommendation[] } {
  const read = recommendationsFromUpdate(Buffer.from(update, 'base64')).filter(
    (r) => r.status !== 'withdrawn',
  );
  const used = new Set<string>();
  const recommendations = read.slice(0, OUTCOME_LIMITS.recommendationsMax).map((r, i) => {
    let id = idSchema.safeParse(r.id).success ? r.id : `r${i + 1}`;
    if (used.has(id)) id = `r${i + 1}-${used.size}`;
    used.add(id);
    return {
      id,
      title: r.title.trim().slice(0, OUTCOME_LIMITS.recommendationTitleMax) || '(untitled)',
      body: r.body.slice(0, OUTCOME_LIMITS.recommendationBodyMax),
      authors: state.members[r.createdBy] ? [r.createdBy] : [],
    };
  });
  return { groupId, versionId, recommendations };
}

/**
 * Each time a group's document version is recorded in the log, records its text as the group's draft, for the
 * harvest and the report. Every process that serves the session does it; `draft.record` is idempotent per
 * version, so the first one wins.
 */
export function recordDraftsFromVersions(
  sessions: SessionService,
  drafts: DraftRecorder,
  log: Logger,
): () => void {
  return sessions.onEvents((sessionId, events, state) => {
    for (const event of events) {
      if (event.type !== 'document.versioned' || !event.data.update) continue;
      let draft;
      try {
        draft = draftFromVersion(state, event.data.groupId, event.data.versionId, event.data.update);
      } catch (err) {
        log.warn('could not read a document version', { err, sessionId, versionId: event.data.versionId });
        continue;
      }
      drafts.record(sessionId, draft).then(
        (result) => {
          if (!result.ok) {
            log.warn('draft not recorded', { sessionId, error: result.error });
          }
        },
        (err: unknown) => log.warn('draft not recorded', { err, sessionId }),
      );
    }
  });
}
